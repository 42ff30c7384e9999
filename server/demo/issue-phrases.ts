// The words the synthetic demo's reports are made of: what a grid worker or a caller says about
// each sub-category, where in a neighbourhood it happens, how a handler reports the fix, and a
// caller's name (the departments are core/domain/departments.ts). Composed by demo-world.ts; all of
// it is demo text.
import type { Rng } from '../../core/random.js'

/** Two to four things people say about each sub-category (the taxonomy's codes). */
export const DETAILS: Record<string, readonly string[]> = {
  'disputes.neighbour': ['楼上装修噪音与楼下住户发生争执', '邻居占用公共过道堆放杂物引发矛盾', '两户因漏水赔偿问题争吵'],
  'disputes.family': ['夫妻争吵声音很大，邻居担心发生意外', '老人反映子女不履行赡养义务', '家庭矛盾，当事人情绪激动'],
  'disputes.wages': ['十余名工人反映工地拖欠工资两个月', '装修工人讨薪，聚集在小区门口', '餐馆员工反映被拖欠工资'],
  'public_safety.theft': ['电动车夜间被盗', '楼道内快递多次丢失', '车辆玻璃被砸、车内财物被盗'],
  'public_safety.fight': ['夜宵摊两伙人发生肢体冲突', '酒后斗殴，有人受轻伤', '停车纠纷引发推搡'],
  'public_safety.suspicious': ['陌生人多日在楼道内逗留', '有人挨家推销可疑保健品', '夜间有人翻看停放车辆'],
  'sanitation.garbage': ['垃圾桶满溢两天未清运', '建筑垃圾堆放在路边', '生活垃圾散落、异味明显'],
  'sanitation.sewage': ['下水道堵塞，污水漫到路面', '化粪池外溢，气味很大', '雨水井冒出污水'],
  'sanitation.littering': ['有人向河边倾倒垃圾', '绿化带内乱扔杂物', '沿街商户乱倒泔水'],
  'municipal.road_damage': ['人行道地砖松动破损', '路面出现坑槽，雨天积水', '盲道被破坏'],
  'municipal.streetlight': ['一排路灯夜间不亮', '路灯忽明忽暗', '路灯灯杆倾斜'],
  'municipal.manhole': ['井盖缺失，已用杂物临时遮挡', '井盖破碎，行人易踩空', '井盖松动，车辆经过响声大'],
  'municipal.road_works': ['管网施工围挡占满人行道，行人无法通过', '道路开挖施工，整段封闭', '施工围挡封住了小区出入的路口'],
  'municipal.road_collapse': ['路面塌陷出一个大坑，已拉警戒线', '人行道下沉开裂，已封闭', '雨后路基塌陷，道路中断'],
  'municipal.waterlogging': ['暴雨后道路积水没过膝盖，行人无法通行', '下穿通道积水封闭', '路口积水严重，行人绕行'],
  'fire_work_safety.fire_hazard': ['电动车在楼道内充电', '私拉电线给电动车充电', '商铺内堆放大量易燃物'],
  'fire_work_safety.gas_leak': ['楼道内闻到燃气味', '餐馆燃气软管老化', '住户反映燃气表附近有异味'],
  'fire_work_safety.blocked_exit': ['消防通道被私家车占用', '安全出口被杂物堵塞', '消防车通道设了地锁'],
  'property.elevator': ['电梯停在两层之间，已无人被困', '电梯频繁故障停运', '电梯运行时异响'],
  'property.water_leak': ['顶楼住户家中漏雨', '外墙渗水，墙面发霉', '楼上管道渗水到楼下'],
  'property.parking': ['小区内车辆乱停，占用消防通道', '非机动车乱停堵塞出入口', '僵尸车长期占用车位'],
  'livelihood.elderly': ['独居老人多日未出门，邻居担心', '高龄老人行动不便，需要上门帮扶', '困难老人反映取暖困难'],
  'livelihood.noise': ['夜间广场舞音响声音过大', '工地夜间施工噪音扰民', '商铺高音喇叭招揽顾客'],
  'livelihood.water_outage': ['整栋楼停水未提前通知', '片区停电超过两小时', '水压低，高层住户用水困难'],
  'policy.social_security': ['咨询城乡居民医保缴费', '咨询养老保险转移接续', '咨询灵活就业人员参保'],
  'policy.housing': ['咨询公租房申请条件', '咨询老旧小区改造政策', '咨询住房保障资格复审'],
  'policy.household': ['咨询户口迁移办理材料', '咨询新生儿落户手续', '咨询居住证办理'],
}

/** Where in a neighbourhood it happens. */
const PLACES = ['小区东门', '小区西门', '3栋楼下', '5栋楼道', '农贸市场旁', '公交站附近', '学校门口', '菜市场后巷', '沿街商铺前', '社区广场', '停车场入口', '老旧小区院内', '河边步道', '路口转角']

/** Who tells the centre, for a field report and for a hotline call. */
const FIELD_OPENERS = ['巡查发现', '网格员走访发现', '居民反映', '商户反映']
const HOTLINE_OPENERS = ['市民来电反映', '群众来电', '来电人称']

/** What the handler writes when the work is done, per category. */
const FIXES: Record<string, readonly string[]> = {
  disputes: ['已上门调解，双方达成一致', '已协调双方签订调解协议'],
  public_safety: ['已联系辖区派出所处置', '已加强巡逻并安装提示牌'],
  sanitation: ['已清运完毕', '已疏通并消杀'],
  municipal: ['已修复', '已更换并恢复正常'],
  fire_work_safety: ['隐患已整改', '已清理通道并告知物业'],
  property: ['已督促物业维修完毕', '物业已处理'],
  livelihood: ['已上门走访并落实帮扶', '已协调相关单位恢复'],
  policy: ['已电话解答政策', '已告知办理流程和材料'],
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '吴', '周', '徐', '孙', '龙', '杨', '田', '吴']

/** A report's text: who tells, where, what (e.g. "居民反映：小区东门，垃圾桶满溢两天未清运"). */
export function composeDescription(rng: Rng, subcategory: string, hotline: boolean): string {
  const opener = rng.pick(hotline ? HOTLINE_OPENERS : FIELD_OPENERS)
  const detail = rng.pick(DETAILS[subcategory] ?? ['需要处理'])
  // A question about a policy happens nowhere in particular.
  if (subcategory.startsWith('policy.')) return `${opener}：${detail}`
  return `${opener}：${rng.pick(PLACES)}，${detail}`
}

/** The handler's note on resolving an issue of the category. */
export function composeFixNote(rng: Rng, category: string): string {
  return rng.pick(FIXES[category] ?? ['已处置'])
}

/** A caller as the hotline records one: 王女士, 139…. */
export function composeCaller(rng: Rng): { callerName: string; callerPhone: string } {
  return {
    callerName: `${rng.pick(SURNAMES)}${rng.pick(['女士', '先生'])}`,
    callerPhone: `139${String(rng.int(0, 99_999_999)).padStart(8, '0')}`,
  }
}
