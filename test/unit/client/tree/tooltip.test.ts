import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { DockerNetwork } from '@switchyard/protocol';
import { code, networkTooltip, text } from '../../../../client/src/tree/tooltip';

// A CommonMark renderer with HTML and bare-URL links switched on: stricter than VS Code's hover renderer.
const MarkdownIt = createRequire(__filename)('markdown-it') as new (o: object) => {
  render(s: string): string;
};
const md = new MarkdownIt({ html: true, linkify: true });

const HOSTILE = [
  '[click](https://evil.example/phish)',
  '![](https://evil.example/pixel.png)',
  '<img src="https://evil.example/p.png"><a href="command:workbench.action.terminal.new">x</a>',
  'https://evil.example/bare',
  '`` ` ``</code>[x](javascript:alert(1))',
  'two\nlines\n\n# heading',
];

function network(value: string): DockerNetwork {
  return {
    Name: value,
    Id: '0123456789abcdef',
    Driver: value,
    Scope: 'local',
    Internal: false,
    EnableIPv6: false,
    IPAM: { Driver: value, Config: [{ Subnet: value, Gateway: value }] },
    Labels: { [value]: value, plain: 'yes' },
  } as unknown as DockerNetwork;
}

test('hostile Docker names, drivers and labels add no link, image or HTML to the network tooltip', () => {
  for (const value of HOSTILE) {
    const html = md.render(networkTooltip(network(value), 'docker'));
    assert.doesNotMatch(html, /<a\s|<img\s|<script|<h1/i, `${JSON.stringify(value)} rendered as ${html}`);
    assert.match(html, /plain=yes/);
  }
});

test('escaped text and code spans render to exactly the text they hold', () => {
  const decode = (h: string) =>
    h
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .trim();
  for (const value of HOSTILE) {
    const flat = value.replace(/\n+/g, ' ');
    assert.equal(decode(md.render(text(value))), flat, 'text');
    assert.equal(decode(md.render(code(value))), flat, 'code');
  }
});
