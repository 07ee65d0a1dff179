/** zod schemas of the files in taxonomy/: one per file, strict so that typos in keys are caught. */
import { z } from 'zod';

const text = z.string().trim().min(1);
const words = z.array(text);
const localized = z.object({ en: text, ru: text }).strict();
const localizedList = z.object({ en: words, ru: words }).strict();
const optionalList = localizedList.optional();
const kebab = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (south-caucasus)');
const hashtag = z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'must be CamelCase without spaces or # (SouthCaucasus)');
const iso2 = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code (AZ)');
const comment = { $comment: z.string().optional() };

export const sectionsFile = z
  .object({
    ...comment,
    sections: z
      .array(
        z
          .object({
            id: z.enum(['analytics', 'news', 'interview', 'opinion', 'breaking']),
            label: localized,
            emoji: text,
            categories: words,
            titlePrefixes: words,
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export const topicsFile = z
  .object({
    ...comment,
    topics: z
      .array(
        z
          .object({
            id: kebab,
            label: localized,
            hashtag,
            categories: words,
            strong: localizedList,
            keywords: localizedList,
            supporting: optionalList,
            subsumes: z.record(kebab, z.number().positive()).optional(),
          })
          .strict(),
      )
      .min(1),
    otherSenses: optionalList,
  })
  .strict();

export const regionsFile = z
  .object({
    ...comment,
    regions: z
      .array(
        z
          .object({
            id: kebab,
            label: localized,
            hashtag,
            countries: z.array(iso2),
            keywords: localizedList,
            weakKeywords: localizedList,
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export const countryExtra = z
  .object({
    names: optionalList,
    demonyms: optionalList,
    places: optionalList,
    metonyms: optionalList,
    /** Aliases from the package to drop (they cause false matches). */
    exclude: words.optional(),
  })
  .strict();

export const countriesFile = z
  .object({
    ...comment,
    /** Non-independent territories to keep from the package (Palestine, Taiwan, Kosovo…). */
    include: z.array(iso2),
    countries: z.record(iso2, countryExtra),
    ambiguous: z.array(
      z
        .object({
          country: iso2,
          alias: text,
          nameCheck: z.boolean().optional(),
          requireSupport: z.boolean().optional(),
          against: words,
          for: words,
          notBefore: words.optional(),
        })
        .strict(),
    ),
  })
  .strict();

export const organisationsFile = z
  .object({
    ...comment,
    organisations: z.array(
      z
        .object({
          id: kebab,
          name: localized,
          /** A national body (parliament, ministry, agency, company): its country places it. */
          country: iso2.optional(),
          /** An international body: the regions a mention counts for. */
          regions: z.array(kebab).min(1).optional(),
          aliases: localizedList,
          topics: z.array(kebab).optional(),
        })
        .strict()
        .refine((o) => o.country !== undefined || o.regions !== undefined, 'needs a country or regions'),
    ),
  })
  .strict();

const day = z
  .string()
  .refine((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(d)) && new Date(d).toISOString().startsWith(d), 'must be a date YYYY-MM-DD');

export const peopleFile = z
  .object({
    ...comment,
    /** When an editor last checked every role against the news. */
    checked: day,
    people: z.array(
      z
        .object({
          id: kebab,
          name: localized,
          aliases: localizedList,
          country: iso2,
          roles: z
            .array(
              z
                .object({
                  office: localized,
                  country: iso2.optional(),
                  organisation: kebab.optional(),
                  from: day,
                  to: day.nullable().optional(),
                  topics: z.array(kebab).optional(),
                })
                .strict(),
            )
            .min(1),
        })
        .strict(),
    ),
  })
  .strict();

export const falseFriendsFile = z
  .object({ ...comment, phrases: localizedList, institutionNouns: localizedList, languageNouns: localizedList, originNouns: localizedList })
  .strict();

export const furnitureFile = z
  .object({ ...comment, outletNames: words, phrases: words, contains: words, selectors: words })
  .strict();

export type CountryExtra = z.infer<typeof countryExtra>;

/** topic-model.json: written by `npm run train:topics`, not by hand. */
export const topicModelFile = z
  .object({
    ...comment,
    trainedOn: z
      .object({ items: z.number().int().positive(), languages: z.array(z.string()).min(1), files: z.array(z.string()), sha256: z.string() })
      .strict(),
    topics: z.array(kebab).min(1),
    decision: z.object({ accept: z.number().min(0).max(1), third: z.number().min(0).max(1), fallback: z.number().min(0).max(1) }).strict(),
    weights: z.record(z.string(), z.array(z.number())),
  })
  .strict();
