import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorView, basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';

export interface EditorProblem {
  line: number | null;
  column: number | null;
  message: string;
  severity: 'error' | 'warning';
}

interface Props {
  value: string;
  onChange(value: string): void;
  problems: EditorProblem[];
  label: string;
}

/** CodeMirror 6 with YAML colouring; the server's problems are marked at their line:column. Loaded only with the editor page. */
export default function YamlEditor({ value, onChange, problems, label }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    const editor = new EditorView({
      doc: value,
      parent: host.current!,
      extensions: [
        basicSetup,
        yaml(),
        lintGutter(),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': label, tabindex: '0' }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) changed.current(u.state.doc.toString());
        }),
        EditorView.theme({ '&': { maxHeight: '70vh', fontSize: '13px', border: '1px solid #868e96' }, '.cm-scroller': { overflow: 'auto' } }),
      ],
    });
    view.current = editor;
    return () => editor.destroy();
    // The editor is created once; later values come from typing (or setSource below).
  }, []);

  // A new source from outside (loading another version): replace the document.
  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value) editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const doc = editor.state.doc;
    const diagnostics: Diagnostic[] = problems.map((p) => {
      const line = doc.line(Math.min(Math.max(p.line ?? 1, 1), doc.lines));
      const from = Math.min(line.from + Math.max((p.column ?? 1) - 1, 0), line.to);
      return { from, to: Math.max(from, line.to), severity: p.severity, message: p.message };
    });
    editor.dispatch(setDiagnostics(editor.state, diagnostics));
  }, [problems]);

  return <div ref={host} />;
}
