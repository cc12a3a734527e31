// The words of the trusted-environment verdict (main/records/device-environment.ts), shared by main and the staff
// health panel (common/health.ts). They describe the terminal, never the person.

/** Why an environment is not trusted. */
export const ENVIRONMENT_REASONS = [
  'NOT_PROVISIONED',
  'UNKNOWN_DEVICE_ID',
  'CLOCK_SKEW',
  'APP_INTEGRITY_MISMATCH',
  'NO_NETWORK',
] as const;
export type EnvironmentReason = (typeof ENVIRONMENT_REASONS)[number];

/**
 * Checks that could not be made, said honestly instead of counted as passed: no clock reference configured or
 * reachable, no expected app hash registered.
 */
export const ENVIRONMENT_UNCHECKED = ['CLOCK_SKEW', 'APP_INTEGRITY'] as const;
export type EnvironmentUnchecked = (typeof ENVIRONMENT_UNCHECKED)[number];

export const ENVIRONMENT_MODES = ['warn', 'block'] as const;
export type EnvironmentMode = (typeof ENVIRONMENT_MODES)[number];
