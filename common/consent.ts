// The consent screen's data shared by main and the renderer: an agreement rendered to blocks (headings,
// paragraphs, numbered or bulleted items, inline bold spans, blanks) and the decision the person makes on it.
// No Node imports here: the renderer parses what main sends with these schemas.
import { z } from 'zod';

/** A run of text inside a block. `bold` marks the clauses the agreement asks the person to read closely. */
export const TextSpanSchema = z.object({
  kind: z.literal('text'),
  text: z.string(),
  bold: z.boolean(),
  /** A link's target as written in the agreement; the kiosk shows it as text and never navigates. */
  href: z.string().optional(),
});

/** A blank `【 】` the deployment should have filled (company, product, contact channel…); label is what was inside. */
export const BlankSpanSchema = z.object({
  kind: z.literal('blank'),
  label: z.string(),
  bold: z.boolean(),
});

export const SpanSchema = z.discriminatedUnion('kind', [TextSpanSchema, BlankSpanSchema]);

export const HeadingBlockSchema = z.object({
  kind: z.literal('heading'),
  level: z.number().int().min(1).max(6),
  /** Clause number as written, e.g. "1" or "一"; absent for unnumbered headings. */
  number: z.string().optional(),
  spans: z.array(SpanSchema),
});

export const ParagraphBlockSchema = z.object({
  kind: z.literal('paragraph'),
  spans: z.array(SpanSchema),
});

export const ItemBlockSchema = z.object({
  kind: z.literal('item'),
  ordered: z.boolean(),
  /** Item number as written, e.g. "3" or "4.1"; absent for bullets. */
  number: z.string().optional(),
  spans: z.array(SpanSchema),
});

export const AgreementBlockSchema = z.discriminatedUnion('kind', [
  HeadingBlockSchema,
  ParagraphBlockSchema,
  ItemBlockSchema,
]);

/** A separate confirmation the person must give besides agreeing (e.g. to sensitive personal information). */
export const ConfirmationSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  text: z.string().min(1),
  /** Agree is only accepted with every required confirmation given. */
  required: z.boolean(),
});

export const LanguageSchema = z.enum(['zh-CN', 'en']);

/** One agreement exactly as shown: the hash is SHA-256 (hex) of the UTF-8 text the blocks were rendered from. */
export const RenderedAgreementSchema = z.object({
  id: z.string().min(1),
  version: z.string().min(1),
  language: LanguageSchema,
  title: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  blocks: z.array(AgreementBlockSchema),
  confirmations: z.array(ConfirmationSchema),
});

export const ConsentDecisionKindSchema = z.enum(['agree', 'refuse', 'withdraw']);

/** What the renderer reports when the person decides; main adds kiosk, session, time and writes the receipt. */
export const ConsentDecisionSchema = z.object({
  agreementId: z.string().min(1),
  version: z.string().min(1),
  language: LanguageSchema,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  decision: ConsentDecisionKindSchema,
  /** Ids of the separate confirmations the person ticked (never pre-ticked). */
  confirmations: z.array(z.string()).max(16),
  /** A guardian confirmed on behalf of a person under 18. */
  guardian: z.boolean(),
});

/** What the person may see or print about their receipt: its id, its hash and a QR code of both. */
export const ReceiptSummarySchema = z.object({
  receiptId: z.string(),
  decision: ConsentDecisionKindSchema,
  agreementId: z.string(),
  version: z.string(),
  time: z.string(),
  receiptSha256: z.string().regex(/^[0-9a-f]{64}$/),
  qrSvg: z.string(),
});

export type TextSpan = z.infer<typeof TextSpanSchema>;
export type BlankSpan = z.infer<typeof BlankSpanSchema>;
export type Span = z.infer<typeof SpanSchema>;
export type AgreementBlock = z.infer<typeof AgreementBlockSchema>;
export type Confirmation = z.infer<typeof ConfirmationSchema>;
export type RenderedAgreement = z.infer<typeof RenderedAgreementSchema>;
export type ConsentDecisionKind = z.infer<typeof ConsentDecisionKindSchema>;
export type ConsentDecision = z.infer<typeof ConsentDecisionSchema>;
export type ReceiptSummary = z.infer<typeof ReceiptSummarySchema>;
