/**
 * Languages of template titles (template language version 2): ISO 639-1 codes, fixed here so
 * that a template validates the same on every Node version.
 */
export const LANGUAGE_PATTERN = '^[a-z]{2}$';

export const LANGUAGES: ReadonlySet<string> = new Set(
  (
    'aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff ' +
    'fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ' +
    'ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps ' +
    'pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ' +
    've vi vo wa wo xh yi yo za zh zu'
  ).split(' '),
);

type Raw = Record<string, unknown>;
const isRecord = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Every place a template may carry a `title`, with its path (as in problems), in template
 * order: the template, roles, attributes, criteria, artefact types and their fields,
 * indicators, phases and their milestones, gates.
 */
export function titleSlots(data: Raw): Array<{ path: Array<string | number>; holder: Raw }> {
  const slots: Array<{ path: Array<string | number>; holder: Raw }> = [{ path: [], holder: data }];
  const each = (value: unknown, path: Array<string | number>, inner?: (raw: Raw, path: Array<string | number>) => void) => {
    if (!isRecord(value)) return;
    for (const [id, raw] of Object.entries(value)) {
      if (!isRecord(raw)) continue;
      slots.push({ path: [...path, id], holder: raw });
      inner?.(raw, [...path, id]);
    }
  };
  each(data.roles, ['roles']);
  each(data.attributes, ['attributes']);
  if (isRecord(data.selection)) each(data.selection.criteria, ['selection', 'criteria']);
  each(data.artefacts, ['artefacts'], (raw, path) => each(raw.fields, [...path, 'fields']));
  each(data.indicators, ['indicators']);
  each(data.phases, ['phases'], (raw, path) => each(raw.milestones, [...path, 'milestones']));
  if (Array.isArray(data.gates)) data.gates.forEach((g, i) => isRecord(g) && slots.push({ path: ['gates', i], holder: g }));
  return slots.filter((s) => s.holder.title !== undefined);
}
