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

/** A template's phases and gates as a state diagram, drawn by Mermaid in the browser. */
export function MermaidDiagram({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation();
  const id = `d${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  const [svg, setSvg] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loadMermaid()
      .then((m) => m.render(id, text))
      .then(({ svg: out }) => live && setSvg(out))
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [id, text]);
  if (error) return <Alert color={COLOURS.bad}>{t('templates.diagramFailed', { message: error })}</Alert>;
  if (!svg) return <Loader role="progressbar" aria-label={t('templates.diagramLoading')} />;
  return <div role="img" aria-label={label} style={{ overflowX: 'auto' }} dangerouslySetInnerHTML={{ __html: svg }} />;
}
