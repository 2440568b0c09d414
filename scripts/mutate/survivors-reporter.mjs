// A Stryker reporter that appends each surviving or uncovered mutant to a text file as soon as it is tested
// (file:line:column, mutator, the replaced and the new code), so tests can be written while a long run goes
// on; the json reporter writes only at the end. Set up by scripts/mutate.mjs (`survivorsLog.fileName`).
import { appendFileSync, writeFileSync } from 'node:fs';
import { commonTokens, declareClassPlugin, PluginKind, tokens } from '@stryker-mutator/api/plugin';

class SurvivorsLog {
  static inject = tokens(commonTokens.options);
  constructor(options) {
    this.file = options.survivorsLog?.fileName;
    if (this.file) writeFileSync(this.file, '');
  }

  onMutantTested(m) {
    if (!this.file || (m.status !== 'Survived' && m.status !== 'NoCoverage')) return;
    const at = `${m.fileName}:${m.location.start.line}:${m.location.start.column + 1}`;
    const line = `${at} ${m.status} ${m.mutatorName}: ${JSON.stringify(m.replacement ?? '')}\n`;
    appendFileSync(this.file, line);
  }
}

export const strykerValidationSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    survivorsLog: {
      description: 'Options of scripts/mutate/survivors-reporter.mjs.',
      type: 'object',
      properties: { fileName: { type: 'string' } },
      additionalProperties: false,
      default: {},
    },
  },
};

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'survivors-log', SurvivorsLog)];
