// Ethnic-group codes (民族) from GB 3304 as printed on resident ID cards (spec §9.2). Codes outside 01–56, 97, 98
// are vendor-specific and conflicting between vendors (穿青人/革家人 sit at different codes), so they map to no
// name: the caller shows the raw code and logs it.

// prettier-ignore
const NATIONS: readonly string[] = [
  '汉', '蒙古', '回', '藏', '维吾尔', '苗', '彝', '壮', '布依', '朝鲜',
  '满', '侗', '瑶', '白', '土家', '哈尼', '哈萨克', '傣', '黎', '傈僳',
  '佤', '畲', '高山', '拉祜', '水', '东乡', '纳西', '景颇', '柯尔克孜', '土',
  '达斡尔', '仫佬', '羌', '布朗', '撒拉', '毛南', '仡佬', '锡伯', '阿昌', '普米',
  '塔吉克', '怒', '乌孜别克', '俄罗斯', '鄂温克', '德昂', '保安', '裕固', '京', '塔塔尔',
  '独龙', '鄂伦春', '赫哲', '门巴', '珞巴', '基诺',
];

const EXTRA: Readonly<Record<string, string>> = { '97': '其他', '98': '外国血统中国籍人士' };

/** The Chinese name for a two-digit code (`'01'` → `'汉'`), or undefined for codes outside the standard table. */
export function nationName(code: string): string | undefined {
  if (!/^\d{2}$/.test(code)) return undefined;
  const n = Number(code);
  if (n >= 1 && n <= NATIONS.length) return NATIONS[n - 1];
  return EXTRA[code];
}

/** The two-digit code for a name (`'汉'` → `'01'`), for the simulator and manual tools. */
export function nationCode(name: string): string | undefined {
  const i = NATIONS.indexOf(name);
  if (i >= 0) return String(i + 1).padStart(2, '0');
  return Object.entries(EXTRA).find(([, v]) => v === name)?.[0];
}

export const NATION_COUNT = NATIONS.length;
