import { useQuery } from '@apollo/client/react';
import { useCallback } from 'react';
import { graphql } from '../gql';

export const TemplateTitlesDocument = graphql(`
  query TemplateTitles {
    templates {
      key
      id
      version
      title
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
 * instead of ids; an id without a title is shown as it is.
 */
export function useTemplateTitles() {
  const { data } = useQuery(TemplateTitlesDocument, { fetchPolicy: 'cache-first' });
  const find = useCallback(
    (key: string, version: number) => data?.templates.find((t) => t.key === key && t.version === version),
    [data],
  );
  return {
    ready: !!data,
    template: (key: string, version: number) => find(key, version)?.title ?? key,
    phase: (key: string, version: number, phase: string) => find(key, version)?.phases.find((p) => p.key === phase)?.title ?? phase,
    gate: (key: string, version: number, gate: string) => find(key, version)?.gates.find((g) => g.key === gate)?.title ?? gate,
  };
}
