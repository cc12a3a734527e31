// Named demo cards for the simulated reader (staff mode, end-to-end tests, `hexin reader read --simulate`).
// Names and numbers are invented (valid check characters, plausible area codes); never real people's numbers.
// Face photos come from ../shared/faces (public-domain or openly licensed test photos, see its PROVENANCE.md);
// the face boxes were measured once with `hexin analyze` (the vision engine) so the simulator frames them like ID photos.
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HexinError } from '../../../common/errors';
import type { CardSpecInput } from './card-spec';

/** ../shared/faces next to the repository root (this file is main/devices/idcard/demo-cards.ts). */
export const DEFAULT_FACES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/faces');

const DEMO_CARDS = {
  /** Adult resident, card valid to 2040. */
  'resident-adult': {
    type: 'resident',
    name: '王建国',
    genderCode: '1',
    nationCode: '01',
    birthDate: '1980-08-12',
    address: '北京市东城区示例胡同12号',
    idNumber: '110101198008120036',
    issuer: '北京市公安局东城分局',
    validFrom: '2020-01-01',
    validUntil: '2040-01-01',
    photoPath: 'barack_obama/2.jpg',
    photoFace: { x1: 71, y1: 122, x2: 293, y2: 343 },
  },
  /** A second adult (for impostor tests), long-term card. */
  'resident-adult-2': {
    type: 'resident',
    name: '李卫东',
    genderCode: '1',
    nationCode: '03',
    birthDate: '1976-03-04',
    address: '北京市西城区示例大街8号院3号楼',
    idNumber: '110105197603040015',
    issuer: '北京市公安局朝阳分局',
    validFrom: '2023-05-10',
    validUntil: 'long-term',
    photoPath: 'joe_biden/1.jpg',
    photoFace: { x1: 165, y1: 51, x2: 525, y2: 411 },
  },
  /** 72 years old in 2026: the card offers elderly mode (长辈模式). Chip photo: the person the fake camera shows. */
  'resident-72': {
    type: 'resident',
    name: '刘桂兰',
    genderCode: '2',
    nationCode: '01',
    birthDate: '1954-03-08',
    address: '北京市海淀区示例路27号院2号楼',
    idNumber: '110108195403080020',
    issuer: '北京市公安局海淀分局',
    validFrom: '2014-03-08',
    validUntil: 'long-term',
    photoPath: 'barack_obama/2.jpg',
    photoFace: { x1: 71, y1: 122, x2: 293, y2: 343 },
  },
  /** 16 years old in 2026 (needs the guardian rule). */
  'resident-16': {
    type: 'resident',
    name: '赵子涵',
    genderCode: '2',
    nationCode: '01',
    birthDate: '2010-01-15',
    address: '上海市浦东新区示例路100弄5号',
    idNumber: '310115201001150021',
    issuer: '上海市公安局浦东分局',
    validFrom: '2025-03-01',
    validUntil: '2030-03-01',
    photoPath: 'compreface_person_a/1.jpg',
    photoFace: { x1: 163, y1: 194, x2: 314, y2: 345 },
  },
  /** 12 years old in 2026 (staff-assisted only). */
  'resident-12': {
    type: 'resident',
    name: '陈思远',
    genderCode: '1',
    nationCode: '08',
    birthDate: '2014-06-20',
    address: '广东省深圳市福田区示例路6号',
    idNumber: '440305201406200039',
    issuer: '深圳市公安局福田分局',
    validFrom: '2024-07-01',
    validUntil: '2029-07-01',
    photoPath: 'paul_rudd/1.jpg',
    photoFace: { x1: 40, y1: 123, x2: 382, y2: 465 },
  },
  /** Expired on 2025-09-01. */
  'resident-expired': {
    type: 'resident',
    name: '孙丽',
    genderCode: '2',
    nationCode: '01',
    birthDate: '1965-09-01',
    address: '江苏省南京市玄武区示例街3号',
    idNumber: '320102196509010042',
    issuer: '南京市公安局玄武分局',
    validFrom: '2005-09-01',
    validUntil: '2025-09-01',
    photoPath: 'compreface_person_b/1.jpg',
    photoFace: { x1: 146, y1: 212, x2: 285, y2: 351 },
  },
  /** Foreigner permanent residence card, 2017 version ('I'). */
  'foreign-2017': {
    type: 'foreign-permanent',
    name: '史密斯',
    nameEn: 'SMITH, JOHN MICHAEL',
    genderCode: '1',
    nationality: 'USA',
    birthDate: '1980-05-20',
    idNumber: 'USA110080052001',
    validFrom: '2018-06-01',
    validUntil: '2028-06-01',
    cardVersion: '10',
    issuerCode: '1100',
    photoPath: 'paul_rudd/2.jpg',
    photoFace: { x1: 32, y1: 143, x2: 392, y2: 503 },
  },
  /** Foreigner permanent residence card, 2023 version ('Y'; single-source layout). */
  'foreign-2023': {
    type: 'foreign-permanent-2023',
    name: '范德贝',
    nameEn: 'VAN DER BERG, ANNA MARIA',
    genderCode: '2',
    nationality: '528',
    birthDate: '1985-06-12',
    idNumber: '933840198506120088',
    validFrom: '2024-01-02',
    validUntil: '2034-01-02',
    renewalCount: '00',
    photoPath: 'compreface_person_a/2.jpg',
    photoFace: { x1: 155, y1: 179, x2: 357, y2: 381 },
  },
  /** HK/Macau/Taiwan residence permit ('J'). */
  'hk-macau-taiwan': {
    type: 'hk-macau-taiwan',
    name: '黄家明',
    genderCode: '1',
    birthDate: '1992-04-15',
    address: '广东省广州市天河区示例路88号',
    idNumber: '810000199204150054',
    issuer: '广州市公安局',
    validFrom: '2021-09-01',
    validUntil: '2026-09-01',
    passNumber: 'H87654321',
    issueCount: '01',
    photoPath: 'joe_biden/2.jpg',
    photoFace: { x1: 185, y1: 92, x2: 372, y2: 279 },
  },
} as const satisfies Record<string, CardSpecInput>;

export type DemoCardId = keyof typeof DEMO_CARDS;
export const DEMO_CARD_IDS = Object.keys(DEMO_CARDS) as DemoCardId[];

/** A config's own demo cards (reader.simulator.cards), by id; their photo paths are absolute. */
export type ExtraDemoCards = Readonly<Record<string, CardSpecInput>>;

/** The ids a simulated reader offers: the built-in demo cards, then the config's own. */
export function demoCardIds(extra: ExtraDemoCards = {}): string[] {
  return [...DEMO_CARD_IDS, ...Object.keys(extra)];
}

/**
 * The spec of a demo card: a built-in one with its photo path resolved against `facesDir`, or one of the config's
 * own (`extra`, validated by the reader config).
 */
export function demoCardSpec(
  id: string,
  facesDir: string = DEFAULT_FACES_DIR,
  extra: ExtraDemoCards = {},
): CardSpecInput {
  if (Object.hasOwn(extra, id)) return { ...(extra[id] as CardSpecInput) };
  if (!(id in DEMO_CARDS)) {
    throw new HexinError(
      'CARD_SPEC_INVALID',
      `unknown demo card '${id}' (known: ${demoCardIds(extra).join(', ')})`,
    );
  }
  const spec: CardSpecInput = { ...DEMO_CARDS[id as DemoCardId] };
  if (spec.photoPath && !isAbsolute(spec.photoPath)) spec.photoPath = resolve(facesDir, spec.photoPath);
  return spec;
}
