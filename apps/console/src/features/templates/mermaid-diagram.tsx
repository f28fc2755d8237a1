import { Alert, Loader } from '@mantine/core';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COLOURS } from '../../app/colours';

let mermaidReady: Promise<typeof import('mermaid').default> | undefined;

/** Loads Mermaid (large) the first time a diagram is shown. */
function loadMermaid() {
  mermaidReady ??= import('mermaid').then(({ default: mermaid }) => {
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral' });
    return mermaid;
  });
  return mermaidReady;
}

/** The label the server gives an expiry arrow (the engine's EXPIRY_LABEL_PREFIX); gate ids never contain a space. */
const EXPIRY_LABEL = 'expires after ';

/**
 * Draws the expiry arrows dashed: stateDiagram-v2 has no dashed arrow of its own, so the
 * server labels them `expires after <duration>` and each label's `data-id` names its path
 * (Mermaid 11 gives both the edge's id).
 */
function dashExpiryEdges(svg: string): string {
  if (!svg.includes(EXPIRY_LABEL.trim())) return svg;
  const doc = new DOMParser().parseFromString(svg, 'text/html');
  let changed = false;
  for (const label of Array.from(doc.querySelectorAll('g.label[data-id]'))) {
    if (!label.textContent?.trim().startsWith(EXPIRY_LABEL)) continue;
    const id = label.getAttribute('data-id') ?? '';
    for (const path of Array.from(doc.querySelectorAll('path[data-id]'))) {
      if (path.getAttribute('data-id') !== id) continue;
      path.setAttribute('style', `${path.getAttribute('style') ?? ''};stroke-dasharray:6 4`);
      changed = true;
    }
  }
  return changed ? doc.body.innerHTML : svg;
}

/** A template's phases and gates as a state diagram, drawn by Mermaid in the browser (expiry arrows dashed). */
export function MermaidDiagram({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation();
  const id = `d${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  const [svg, setSvg] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loadMermaid()
      .then((m) => m.render(id, text))
      .then(({ svg: out }) => live && setSvg(dashExpiryEdges(out)))
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [id, text]);
  if (error) return <Alert color={COLOURS.bad}>{t('templates.diagramFailed', { message: error })}</Alert>;
  if (!svg) return <Loader role="progressbar" aria-label={t('templates.diagramLoading')} />;
  return <div role="img" aria-label={label} style={{ overflowX: 'auto' }} dangerouslySetInnerHTML={{ __html: svg }} />;
}
