import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A test double of `helm`: real helm is not packaged in Debian 12 nor on npm, so it cannot be installed on
 * the machines these tests run on. This is an executable named `helm` in a folder of its own (put it on
 * PATH) that records its arguments and answers `helm template` the way helm does: the rendered manifests on
 * stdout (`---` and `# Source:` lines), or, with `fail`, helm's error on stderr and exit status 1. It checks
 * nothing of the chart: the tests check what Switchyard does with helm's answer.
 */
export interface HelmDouble {
  /** The folder holding `helm`, to put first on PATH. */
  dir: string;
  /** The arguments of each call, one line each. */
  calls(): string[];
  done(): void;
}

export function helmDouble(answer: { manifests: string } | { fail: string }): HelmDouble {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-helm-double-'));
  const log = join(dir, 'calls.log');
  writeFileSync(join(dir, 'answer'), 'manifests' in answer ? answer.manifests : `${answer.fail}\n`);
  const body =
    'manifests' in answer
      ? `cat '${join(dir, 'answer')}'\nexit 0\n`
      : `cat '${join(dir, 'answer')}' >&2\nexit 1\n`;
  writeFileSync(join(dir, 'helm'), `#!/bin/sh\necho "$*" >> '${log}'\n${body}`);
  chmodSync(join(dir, 'helm'), 0o755);
  return {
    dir,
    calls: () => {
      try {
        return readFileSync(log, 'utf8').split('\n').filter(Boolean);
      } catch {
        return [];
      }
    },
    done: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** What the double renders in the tests: a chart's NodePort Service with a nodePort out of range. */
export const RENDERED_CHART = `---
# Source: web/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: test-release-web
spec:
  type: NodePort
  selector:
    app: web
  ports:
    - port: 80
      nodePort: 80
---
# Source: web/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: test-release-web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx
          ports:
            - containerPort: 80
`;
