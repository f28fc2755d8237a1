import { useQuery } from '@apollo/client/react';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { localTitle } from '../features/cluster/template-definition';
import { graphql } from '../gql';

export const TemplateTitlesDocument = graphql(`
  query TemplateTitles {
    templates {
      key
      id
      version
      title
      titles
      phases {
        id
        key
        title
      }
      gates {
        id
        key
        title
      }
    }
  }
`);

/**
 * Titles of phases and gates for every published template version, to show people words
 * instead of ids; an id without a title is shown as it is. In the console's language when the
 * template gives its titles in it (template language version 2), else in its default language.
 */
export function useTemplateTitles() {
  const { data } = useQuery(TemplateTitlesDocument, { fetchPolicy: 'cache-first' });
  const { i18n } = useTranslation();
  const language = i18n.language;
  const find = useCallback(
    (key: string, version: number) => data?.templates.find((t) => t.key === key && t.version === version),
    [data],
  );
  return {
    ready: !!data,
    template: (key: string, version: number) => {
      const t = find(key, version);
      return t ? localTitle(t.titles, language, 'title', t.title) : key;
    },
    phase: (key: string, version: number, phase: string) => {
      const t = find(key, version);
      const p = t?.phases.find((x) => x.key === phase);
      return t && p ? localTitle(t.titles, language, `phases.${phase}.title`, p.title) : phase;
    },
    gate: (key: string, version: number, gate: string) => {
      const t = find(key, version);
      const i = t ? t.gates.findIndex((g) => g.key === gate) : -1;
      return t && i >= 0 ? localTitle(t.titles, language, `gates[${i}].title`, t.gates[i].title) : gate;
    },
  };
}
