// Colour-flash (reflect) liveness on the wire: the plan main hands the screen (inside the capture view) and the
// paint log the screen sends back with every frame. Both sides share these bounds; main re-checks the timing
// itself (main/liveness/flash-timing.ts), the schemas only keep sizes and ranges sane.
//
// [Note: photosensitivity] WCAG 2.3.1 allows no more than three flashes in any one-second period (a flash is a
// pair of opposing luminance changes). A colour held for at least FLASH_MIN_COLOUR_MS gives at most three colour
// changes — at most one and a half flashes — in any second, so the limit holds even if every single change were
// counted as a flash. Config, contract and the screen all refuse shorter colours.
import { z } from 'zod';

/** Shortest time one colour may stay on screen (≤ 3 changes per second; see the note above). */
export const FLASH_MIN_COLOUR_MS = 334;
/** Longest time one colour may stay on screen (gentle mode included). */
export const FLASH_MAX_COLOUR_MS = 3000;
export const FLASH_MIN_COLOURS = 3;
export const FLASH_MAX_COLOURS = 16;
/** Longest explanation shown before the first colour. */
export const FLASH_MAX_INTRO_MS = 15_000;

const channel = z.number().int().min(0).max(255);
const colourMs = z.number().int().min(FLASH_MIN_COLOUR_MS).max(FLASH_MAX_COLOUR_MS);

/** What main tells the screen to show, once per liveness check; timing is relative to the screen's own clock. */
export const flashPlanSchema = z
  .strictObject({
    /** Ties the paint log sent back with frames to this plan (a retry draws a new one). */
    planId: z.string().min(1).max(32),
    /** The colours, in order, as RGB. */
    colours: z
      .array(z.tuple([channel, channel, channel]))
      .min(FLASH_MIN_COLOURS)
      .max(FLASH_MAX_COLOURS),
    /** How long each colour stays on screen in the normal mode… */
    colourMs,
    /** …and in the gentle mode a person sensitive to flashing light may choose (slower, with fades). */
    gentleColourMs: colourMs,
    /** Gentle mode: each colour fades in over this long instead of switching at once. */
    fadeMs: z.number().int().min(0).max(1000),
    /** The explanation (and the gentle-mode choice) stays on screen this long before the first colour. */
    introMs: z.number().int().min(0).max(FLASH_MAX_INTRO_MS),
  })
  .refine((p) => p.gentleColourMs >= p.colourMs, { message: 'gentleColourMs must be at least colourMs' })
  .refine((p) => p.fadeMs * 2 <= p.gentleColourMs, {
    message: 'fadeMs must be at most half of gentleColourMs',
  });
export type FlashPlan = z.infer<typeof flashPlanSchema>;

/**
 * Sent with every frame while a plan runs: when the screen painted each colour, on the same clock as the frames'
 * timestampMs (requestAnimationFrame timestamps). painted[i] = colour i appeared; painted[colours.length] = the
 * normal screen came back. The whole log goes with every frame, so a dropped frame loses nothing.
 */
export const flashReportSchema = z.strictObject({
  planId: z.string().min(1).max(32),
  gentle: z.boolean(),
  painted: z.array(z.number().finite().min(0)).max(FLASH_MAX_COLOURS + 1),
});
export type FlashReport = z.infer<typeof flashReportSchema>;
