// Option declarations several commands share, declared once (main/cli/spec.ts describes the fields).

/** The app data dir of the records, keys and config commands. */
export const dataDirOption = {
  type: 'string',
  value: 'DIR',
  description: 'app data dir (default: $HEXIN_DATA_DIR or ./.hexin-data)',
} as const;

/** The ONNX models folder of the commands that run the vision models. */
export const modelsOption = {
  type: 'string',
  value: 'DIR',
  description: "models folder (default: the repository's models/)",
} as const;
