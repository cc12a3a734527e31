// The kiosk's SAM command set (spec §3) and the status byte SW3 (spec §5).

export const Command = {
  resetSam: { cmd: 0x10, para: 0xff, name: 'reset-sam' },
  samStatus: { cmd: 0x11, para: 0xff, name: 'sam-status' },
  readSamId: { cmd: 0x12, para: 0xff, name: 'read-sam-id' },
  findCard: { cmd: 0x20, para: 0x01, name: 'find-card' },
  selectCard: { cmd: 0x20, para: 0x02, name: 'select-card' },
  readBase: { cmd: 0x30, para: 0x01, name: 'read-base' },
  readBaseWithFingerprint: { cmd: 0x30, para: 0x10, name: 'read-base-fp' },
  readAppendedAddress: { cmd: 0x30, para: 0x03, name: 'read-appended-address' },
  setMaxRfBytes: { cmd: 0x61, para: 0xff, name: 'set-max-rf-bytes' },
} as const;

export type CommandName = keyof typeof Command;
export interface CommandSpec {
  cmd: number;
  para: number;
  name: string;
}

export function commandFor(cmd: number, para: number): CommandSpec | undefined {
  return Object.values(Command).find((c) => c.cmd === cmd && c.para === para);
}

export const Sw3 = {
  OK: 0x90,
  FIND_OK: 0x9f,
  NO_CONTENT: 0x91,
  HOST_CHECKSUM: 0x10,
  HOST_LENGTH: 0x11,
  COMMAND_ERROR: 0x21,
  NOT_PERMITTED: 0x23,
  UNRECOGNISED_ERROR: 0x24,
  CARD_AUTH_SAM_FAILED: 0x31,
  SAM_AUTH_CARD_FAILED: 0x32,
  VERIFY_FAILED: 0x33,
  UNKNOWN_CARD_TYPE: 0x40,
  READ_FAILED: 0x41,
  RANDOM_FAILED: 0x47,
  SAM_SELF_TEST_FAILED: 0x60,
  SAM_NOT_AUTHORISED: 0x66,
  NO_CARD: 0x80,
  SELECT_FAILED: 0x81,
  COMMUNICATION_FAULT: 0xff,
} as const;

interface Sw3Info {
  /** Error code used when this status is a failure (HexinError code). */
  code: string;
  description: string;
}

/** Every SW3 value in the spec, with the error code the driver raises when it ends an operation. */
export const SW3_TABLE: Readonly<Record<number, Sw3Info>> = {
  0x90: { code: 'OK', description: 'success' },
  0x9f: { code: 'OK', description: 'find card succeeded' },
  0x91: { code: 'CARD_ITEM_ABSENT', description: 'item not present on the card' },
  0x10: { code: 'SAM_HOST_CHECKSUM', description: "checksum error in the host's frame" },
  0x11: { code: 'SAM_HOST_LENGTH', description: "length error in the host's frame" },
  0x21: { code: 'SAM_COMMAND_ERROR', description: 'command error' },
  0x23: { code: 'SAM_NOT_PERMITTED', description: 'operation not permitted' },
  0x24: { code: 'SAM_UNRECOGNISED_ERROR', description: 'unrecognised error' },
  0x31: { code: 'CARD_AUTH_FAILED', description: 'card failed to authenticate the SAM' },
  0x32: { code: 'CARD_AUTH_FAILED', description: 'SAM failed to authenticate the card' },
  0x33: { code: 'CARD_VERIFY_FAILED', description: 'information verification error' },
  0x40: { code: 'CARD_TYPE_UNKNOWN', description: 'unrecognised card type' },
  0x41: { code: 'CARD_READ_FAILED', description: 'read failed (card moved during read?)' },
  0x47: { code: 'CARD_READ_FAILED', description: 'failed to get a random number' },
  0x60: { code: 'SAM_SELF_TEST_FAILED', description: 'SAM self-test failed' },
  0x66: { code: 'SAM_NOT_AUTHORISED', description: 'SAM not authorised / not activated' },
  0x80: { code: 'CARD_NOT_FOUND', description: 'find card failed (no card)' },
  0x81: { code: 'CARD_SELECT_FAILED', description: 'select card failed' },
  0xff: { code: 'READER_COMMUNICATION', description: 'communication fault between reader and SAM' },
};

export function describeSw3(sw3: number): Sw3Info {
  return (
    SW3_TABLE[sw3] ?? { code: 'SAM_STATUS_UNKNOWN', description: `unknown status 0x${sw3.toString(16)}` }
  );
}
