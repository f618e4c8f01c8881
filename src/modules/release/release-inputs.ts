import { Type, type Static } from 'typebox';

const OptionalText = Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()]));
const OptionalFlag = Type.Optional(Type.Union([Type.Boolean(), Type.Null()]));

/** `POST release` body (dpr-rest-api.txt); empty strings and nulls mean "not given", as in its examples. */
export const CreateReleaseBody = Type.Object(
  {
    name: OptionalText,
    productId: OptionalText,
    productVersion: OptionalText,
    autoCreateVersionName: OptionalText,
    releaseTarget: OptionalText,
    releaseDate: OptionalText,
    releaseCalendar: OptionalText,
    releaseDescription: OptionalText,
    releaseOwner: OptionalText,
    templateId: OptionalText,
    draftReleaseId: OptionalText,
    isDraftRelease: OptionalFlag,
    validatesVersion: OptionalFlag,
    includedVersions: Type.Optional(Type.Union([Type.Array(Type.String({ maxLength: 64 }), { maxItems: 200 }), Type.Null()])),
    autoCreateIncludedVersions: Type.Optional(
      Type.Union([
        Type.Array(Type.Object({ product: Type.String({ maxLength: 64 }), version: Type.String({ maxLength: 100 }) }), { maxItems: 200 }),
        Type.Null(),
      ]),
    ),
  },
  { additionalProperties: true },
);
export type CreateReleaseBody = Static<typeof CreateReleaseBody>;

/** The body with blanks removed: every field is either a meaningful value or undefined. */
export interface ReleaseRequest {
  name?: string;
  productId?: string;
  productVersion?: string;
  autoCreateVersionName?: string;
  releaseTarget?: string;
  releaseDate?: string;
  releaseCalendar?: string;
  description?: string;
  releaseOwner?: string;
  templateId?: string;
  draftReleaseId?: string;
  isDraft: boolean;
  validatesVersion?: boolean;
  includedVersions: string[];
  autoCreateIncludedVersions: Array<{ product: string; version: string }>;
}

const text = (v: string | null | undefined) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

export function normalizeReleaseBody(body: CreateReleaseBody): ReleaseRequest {
  return {
    name: text(body.name),
    productId: text(body.productId),
    productVersion: text(body.productVersion),
    autoCreateVersionName: text(body.autoCreateVersionName),
    releaseTarget: text(body.releaseTarget),
    releaseDate: text(body.releaseDate),
    releaseCalendar: text(body.releaseCalendar),
    description: typeof body.releaseDescription === 'string' ? body.releaseDescription : undefined,
    releaseOwner: text(body.releaseOwner),
    templateId: text(body.templateId),
    draftReleaseId: text(body.draftReleaseId),
    isDraft: body.isDraftRelease === true,
    validatesVersion: typeof body.validatesVersion === 'boolean' ? body.validatesVersion : undefined,
    includedVersions: (body.includedVersions ?? []).map((v) => v.trim()).filter(Boolean),
    autoCreateIncludedVersions: (body.autoCreateIncludedVersions ?? [])
      .map((v) => ({ product: v.product.trim(), version: v.version.trim() }))
      .filter((v) => v.product || v.version),
  };
}
