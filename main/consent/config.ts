// Consent configuration: which agreement the kiosk shows and the deployment's words for its placeholders.
import { z } from 'zod';

/** Values for `{{name}}` placeholders in agreement texts; a deployment sets its own. Defaults mark them as unset. */
export const AgreementPlaceholdersSchema = z
  .strictObject({
    company: z.string().min(1).default('【运营单位名称】'),
    product: z.string().min(1).default('【业务名称】'),
    thirdParty: z.string().min(1).default('【业务提供方】'),
    contactChannel: z.string().min(1).default('【联系方式】'),
    verificationAuthority: z
      .string()
      .min(1)
      .default('公安部“互联网+可信身份认证平台”等依法存有您身份信息的机构'),
    verificationProviders: z.string().min(1).default('屏幕上列明的其他人脸验证服务商'),
    privacyPolicy: z.string().min(1).default('【隐私政策名称】'),
    jurisdiction: z.string().min(1).default('【所在地】'),
    retentionDays: z.string().min(1).optional(),
  })
  .catchall(z.string().min(1));

export const ConsentConfigSchema = z.strictObject({
  /** Agreement shown by default; a deployment adds its legally approved text in `extraAgreementDirs`. */
  agreementId: z.string().min(1).default('hexin-pi-authorization'),
  /** Directories with a catalogue.json each, searched after the built-in `agreements/`. */
  extraAgreementDirs: z.array(z.string().min(1)).default([]),
  placeholders: AgreementPlaceholdersSchema.default(() => AgreementPlaceholdersSchema.parse({})),
});

export type AgreementPlaceholders = z.infer<typeof AgreementPlaceholdersSchema>;
export type ConsentConfig = z.infer<typeof ConsentConfigSchema>;
