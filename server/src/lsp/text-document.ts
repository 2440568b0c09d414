import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { TextDocumentsConfiguration } from 'vscode-languageserver';
import { noteEdit, noteText } from '../yaml/text-edits';

/**
 * The LSP library's text documents, with each incremental change noted for the passes that look only at
 * what changed (yaml/text-edits.ts: the parse cache, the ignore-comment scan). The text is the library's,
 * changed as it changes it; only the changed range's offsets are recorded, before the next change moves them.
 */
export const notingTextDocuments: TextDocumentsConfiguration<TextDocument> = {
  create(uri, languageId, version, content) {
    noteText(content);
    return TextDocument.create(uri, languageId, version, content);
  },
  update(document: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    if (changes.length === 0) return TextDocument.update(document, changes, version);
    let doc = document;
    for (const change of changes) {
      const before = doc.getText();
      if (!('range' in change)) {
        doc = TextDocument.update(doc, [change], version);
        continue;
      }
      const a = doc.offsetAt(change.range.start);
      const b = doc.offsetAt(change.range.end);
      doc = TextDocument.update(doc, [change], version);
      noteEdit(before, doc.getText(), Math.min(a, b), Math.max(a, b));
    }
    return doc;
  },
};
