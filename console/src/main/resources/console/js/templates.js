// Alert templates for common emergencies. The broadcast text is Chinese whatever the page's language:
// it is what villagers hear. {level} becomes the chosen colour (红色 …).
export const TEMPLATES = [
  { id: 'blizzard', zh: '暴雪', en: 'Blizzard', level: 'orange',
    title: '暴雪{level}预警',
    text: '气象部门发布暴雪{level}预警。预计未来二十四小时内将有大到暴雪，请村民减少外出，关好门窗，检查加固棚舍和大棚，备足取暖物资，注意防寒保暖和煤气中毒。' },
  { id: 'flood', zh: '洪水', en: 'Flood', level: 'red',
    title: '洪水{level}预警',
    text: '水利部门发布洪水{level}预警。河道水位持续上涨，请沿河、低洼地带村民立即向高处转移，不要靠近河道、桥梁和水库堤坝，听从村干部指挥。' },
  { id: 'epidemic', zh: '疫情', en: 'Epidemic', level: 'yellow',
    title: '疫情防控{level}预警',
    text: '卫生健康部门发布疫情防控{level}预警。请村民勤洗手、戴口罩，减少聚集，出现发热、咳嗽等症状请及时到村卫生室就诊并如实告知行程。' },
  { id: 'fire', zh: '火灾', en: 'Fire', level: 'red',
    title: '森林草原火险{level}预警',
    text: '应急管理部门发布森林草原火险{level}预警。严禁野外用火、焚烧秸秆和上坟烧纸，发现火情立即拨打一一九或报告村委会，不要自行扑救大火。' },
  { id: 'evacuation', zh: '紧急疏散', en: 'Evacuation', level: 'red',
    title: '紧急疏散通知',
    text: '紧急通知：请全体村民立即停止手头工作，按照村里指定路线有序撤离到安置点，照顾好老人和孩子，听从村干部和救援人员指挥。' },
];

export const LEVELS = ['blue', 'yellow', 'orange', 'red'];
