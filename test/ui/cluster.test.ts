// "Form Cluster" in real VS Code (issue 10): three lab hosts (namespaces on the overlay lab's underlay, each with
// its own sshd; the lab's three-member etcd: test/engine/overlay-lab.ts) are connected over SSH from the
// editor, formed into a cluster from the UI (the engine deployed on each with the store), an overlay network is
// created from the UI and seen on every host in the tree, and a ping crosses hosts from the tree. What the UI
// shows is checked against each host's engine. Screenshots go to test-results/ui/cl-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { NetworkInspect } from '@switchyard/protocol';
import { requireOrSkip, which } from '../support/env';
import { createNetns, type Netns } from '../support/netns';
import { run } from '../support/proc';
import { waitFor } from '../support/wait';
import { startSshd, type Sshd } from '../support/sshd';
import { OverlayLab, UNDERLAY, hostAddr, plug } from '../engine/overlay-lab';
import { engineCli, openEditor, repo, shot as saveShot, withShot as withSavedShot } from './harness';
import { answer, contextMenu, expandUntil, pick, revealRow, rowNamed } from './steps';

const shot = (page: Page, name: string) => saveShot(page, `cl-${name}`);
const withShot = (page: Page, name: string, body: () => Promise<void>) =>
  withSavedShot(page, `cl-${name}`, body);

interface LabHost {
  name: string;
  ns: Netns;
  sshd: Sshd;
  loc: { socket: string; stateDir: string; logFile: string; installDir: string; prefix: string };
}

test('Switchyard in real VS Code: Form Cluster over SSH, an overlay from the UI, a ping across hosts', async (t) => {
  const missing = ['etcd', 'setpriv', 'ssh-keygen'].filter((b) => which(b) === undefined);
  if (!requireOrSkip(t, missing.length === 0, `needs ${missing.join(', ')} (etcd-server, openssh)`)) return;
  if (!requireOrSkip(t, existsSync('/usr/sbin/sshd'), 'needs /usr/sbin/sshd (openssh-server)')) return;
  const dir = mkdtempSync(join(tmpdir(), 'sy-ui-cl-'));
  const lab = await OverlayLab.start({ hosts: 0 });
  const hosts: LabHost[] = [];
  t.after(async () => {
    // The engines the extension deployed, then the hosts, then the lab (etcd, underlay).
    for (const h of hosts) {
      await run([
        'ip',
        'netns',
        'exec',
        h.ns.name,
        process.execPath,
        join(repo, 'dist', 'engine.js'),
        'uninstall',
        '--socket',
        h.loc.socket,
        '--state-dir',
        h.loc.stateDir,
        '--prefix',
        h.loc.prefix,
        '--log-file',
        h.loc.logFile,
      ]);
      // The namespace first: it kills the SSH sessions too, which hold sshd's output open (stop() waits for it).
      await h.ns.delete();
      await h.sshd.stop();
    }
    await lab.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const home = join(dir, 'home');
  mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
  const tag = (process.pid % 1296).toString(36);
  for (let i = 0; i < 3; i++) {
    const ns = await createNetns(`syuc${i}`);
    plug(lab.underlay.name, ns.name, `h${i}`, hostAddr(i));
    const sshd = await startSshd({ ns, listen: hostAddr(i), port: 22 });
    const hd = join(dir, `h${i}`);
    mkdirSync(hd, { mode: 0o700 });
    hosts.push({
      name: `lab${i}`,
      ns,
      sshd,
      loc: {
        socket: join(hd, 'engine.sock'),
        stateDir: join(hd, 'state'),
        logFile: join(hd, 'engine.log'),
        installDir: join(hd, 'bin'),
        prefix: `k${i}${tag}`,
      },
    });
  }
  // The editor's own ~/.ssh: the three hosts by alias, their keys, their host keys.
  writeFileSync(
    join(home, '.ssh', 'config'),
    hosts
      .map(
        (h, i) =>
          `Host ${h.name}\n  HostName ${hostAddr(i)}\n  User root\n  IdentityFile ${h.sshd.privateKeyPath}\n`,
      )
      .join('\n'),
    { mode: 0o600 },
  );
  writeFileSync(join(home, '.ssh', 'known_hosts'), hosts.map((h) => `${h.sshd.knownHostsLine}\n`).join(''), {
    mode: 0o600,
  });

  const ed = await openEditor(
    t,
    'cl',
    () => undefined,
    { 'switchyard.engine.hosts': Object.fromEntries(hosts.map((h) => [h.name, h.loc])) },
    { HOME: home },
  );
  if (!ed) return;
  // The editor's namespace joins the underlay, as a workstation on the hosts' network.
  plug(lab.underlay.name, ed.ns.name, 'ued', `${UNDERLAY}.40`);
  const { page } = ed;
  const sidebar = page.locator('.part.sidebar');
  const store = lab.etcd?.storeUrl as string;
  const net = `ov${tag}`;

  await t.test('the three hosts connect over SSH', () =>
    withShot(page, '1-connected', async () => {
      await page.goto(ed.url);
      await page.waitForSelector('.activitybar', { timeout: 90_000 });
      await page.click('.activitybar [aria-label="Switchyard"]');
      await rowNamed(page, 'localhost').first().waitFor({ timeout: 30_000 });
      // localhost is not part of this: folded away.
      await rowNamed(page, 'localhost').first().locator('.monaco-tl-twistie').click();
      for (const h of hosts) {
        const row = rowNamed(page, h.name).first();
        await row.waitFor({ timeout: 30_000 });
        await row.hover();
        await row.locator('.action-label[aria-label^="Connect"]').click();
        // Its label and description read "lab0connected": not "disconnected".
        await row.filter({ hasText: /(?<!dis)connected/ }).waitFor({ timeout: 60_000 });
      }
      // Docker's networks (the machine's dockerd, seen through each host) are folded away, one at a time (each
      // fold moves the rows below it).
      const unfolded = sidebar.locator('.monaco-list-row[aria-expanded="true"]:has-text("Docker networks")');
      for (let i = 0; i < 6 && (await unfolded.count()) > 0; i++) await unfolded.first().click();
      await shot(page, '1-connected');
    }),
  );

  await t.test('Form Cluster on the three hosts with the lab etcd: every engine runs in the cluster', () =>
    withShot(page, '2-formed', async () => {
      await contextMenu(page, hosts[0]?.name as string, 'Form Cluster…', undefined, rowNamed(page, 'lab0'));
      await page.waitForSelector('.quick-input-widget .quick-input-title:has-text("Form cluster (1/3)")');
      for (const h of hosts.slice(1))
        await page.locator(`.quick-input-list .monaco-list-row:has-text("${h.name}")`).first().click();
      const checked = await page
        .locator('.quick-input-list .monaco-list-row')
        .evaluateAll((rows) =>
          rows
            .filter((r) => r.querySelector('input[type=checkbox]:checked, .monaco-custom-toggle.checked'))
            .map((r) => r.textContent?.trim()),
        );
      assert.deepEqual(checked, ['lab0', 'lab1', 'lab2'], 'the three lab hosts are picked, not localhost');
      await page.keyboard.press('Enter');
      for (const [i, h] of hosts.entries()) await pick(page, `address of ${h.name}`, hostAddr(i));
      await pick(page, 'Form cluster (3/3)', 'Use an etcd I name');
      await answer(page, store, 'Cluster store');
      await pick(page, 'How to reach it', 'Plain text');
      // The store is not on loopback: the editor says what plain text means and asks.
      await page.locator('.monaco-dialog-box .monaco-button:has-text("Allow plain text")').click();
      await page
        .locator(`.notification-toast:has-text("3 hosts share the store")`)
        .waitFor({ timeout: 180_000 });
      const cluster = sidebar.locator('.monaco-list-row:has-text("Cluster etcd://")').first();
      await cluster.filter({ hasText: '3 hosts' }).waitFor({ timeout: 60_000 });
      for (const h of hosts) {
        const r = await engineCli(h.loc.socket, 'node', 'ls', '--format', 'json');
        assert.equal(r.code, 0, r.stderr);
        const ls = JSON.parse(r.stdout) as { store: string; nodes: { state: string }[] };
        assert.equal(ls.nodes.filter((n) => n.state === 'alive').length, 3, r.stdout);
      }
      await shot(page, '2-formed');
    }),
  );

  await t.test('an overlay network created from the UI appears once for the cluster, on every host', () =>
    withShot(page, '3-overlay', async () => {
      // lab1 and lab2 are folded: their rows are not needed from here on, and the tree then fits the window.
      // It may not (a slow refresh, a row more): rows below the window's edge are not drawn, so every wait
      // for a row below scrolls to it (revealRow, expandUntil).
      for (const h of hosts.slice(1)) {
        const hostRow = rowNamed(page, h.name).first();
        if ((await hostRow.getAttribute('aria-expanded')) === 'true')
          await hostRow.locator('.monaco-tl-twistie').click();
      }
      await contextMenu(page, 'Engine networks', 'Create Network…');
      await answer(page, net, 'name');
      await page.waitForSelector('.quick-input-widget .quick-input-title:has-text("driver")');
      const drivers = (await page.locator('.quick-input-list .monaco-list-row').allInnerTexts()).map((d) =>
        d.trim(),
      );
      assert.ok(drivers.includes('overlay'), `a host in a cluster offers overlay: ${drivers.join(', ')}`);
      await pick(page, 'driver', 'overlay');
      // The rest as suggested (a free subnet, its gateway, no range, options, labels): every step the wizard
      // shows is accepted, however long it takes to appear (a busy machine took over 3 s for one and the wizard
      // was left open), until the network's own row is drawn (sandbox rows name it in their description).
      const row = rowNamed(page, net);
      const widget = page.locator('.quick-input-widget');
      const deadline = Date.now() + 90_000;
      let steps = 0;
      while (!(await row.first().isVisible())) {
        if (Date.now() > deadline) {
          const toasts = await page
            .locator('.notifications-toasts')
            .innerText({ timeout: 1000 })
            .catch(() => '');
          throw new Error(
            `the overlay's row did not appear within 90 s (${steps} wizard steps accepted; notifications: ${toasts || 'none'})`,
          );
        }
        if (await widget.isVisible()) {
          const title = () =>
            widget
              .locator('.quick-input-title')
              .innerText({ timeout: 1000 })
              .catch(() => '');
          const was = await title();
          await page.keyboard.press('Enter');
          steps++;
          // The next step (or the end): the title changes or the widget closes.
          const until = Date.now() + 5000;
          while (Date.now() < until && (await widget.isVisible()) && (await title()) === was)
            await page.waitForTimeout(100);
        } else if (!(await revealRow(page, row, 1000))) await page.waitForTimeout(200);
      }
      assert.equal(await row.count(), 1, 'the overlay is drawn once, under the cluster');
      // On every host: each engine lists it, global, with the same id.
      const ids = new Set<string>();
      for (const h of hosts) {
        const r = await engineCli(h.loc.socket, 'network', 'ls', '--format', '{{.ID}} {{.Name}} {{.Scope}}');
        const line = r.stdout.split('\n').find((l) => l.includes(` ${net} `)) ?? '';
        assert.match(line, / global$/, `${h.name}: ${r.stdout}`);
        ids.add(line.split(' ')[0] ?? '');
      }
      assert.equal(ids.size, 1, 'one network for the cluster');
      // A sandbox on each host: the overlay's row then shows each host with its endpoint.
      for (const [i, h] of hosts.entries()) {
        const r = await engineCli(h.loc.socket, 'sandbox', 'create', `s${i}${tag}`, '--network', net);
        assert.equal(r.code, 0, r.stderr);
      }
      assert.ok(
        await revealRow(page, row.filter({ hasText: '3 endpoints' }), 30_000),
        "the overlay's row counts the 3 endpoints",
      );
      const clicks = await expandUntil(
        row.first(),
        hosts.map((h) => sidebar.locator(`.monaco-list-row:has-text("${h.name}"):has-text("1 endpoints")`)),
      );
      if (clicks !== 1) t.diagnostic(`the overlay's row took ${clicks} clicks to stay expanded`);
      await shot(page, '3-overlay');
    }),
  );

  await t.test('ping from a sandbox on lab0 to one on lab2, picked across the overlay in the tree', () =>
    withShot(page, '4-ping', async () => {
      const target = `s2${tag}`;
      const inspect = await engineCli(hosts[2]?.loc.socket as string, 'sandbox', 'inspect', target);
      const ip = /"ipv4":\s*"(\d+\.\d+\.\d+\.\d+)/.exec(inspect.stdout)?.[1] as string;
      assert.ok(ip, inspect.stdout);
      // The sandboxes were made by CLI a moment ago: the ping checks the tree's pick and the output, so it starts
      // once lab0 and lab2 have each programmed the other's endpoint (how fast that is: bench/overlay).
      for (const [a, b] of [
        [0, 2],
        [2, 0],
      ] as const)
        await waitFor(
          async () => {
            const r = await engineCli(hosts[a]?.loc.socket as string, 'network', 'inspect', net);
            const peers = (JSON.parse(r.stdout) as NetworkInspect[])[0]?.Peers ?? [];
            const p = peers.find((x) => x.IP === hostAddr(b));
            return (
              !!p &&
              p.Endpoints >= 1 &&
              p.FdbProgrammed === p.FdbExpected &&
              p.NeighProgrammed === p.NeighExpected
            );
          },
          30_000,
          { what: `lab${a} to program lab${b}'s endpoint on ${net}` },
        );
      assert.ok(await revealRow(page, rowNamed(page, `s0${tag}`), 10_000), `s0${tag} is drawn in the tree`);
      await contextMenu(page, `s0${tag}`, 'Ping…', undefined, rowNamed(page, `s0${tag}`));
      await page.waitForSelector('.quick-input-widget .quick-input-title:has-text("Ping from")');
      // A tree refresh between the right-click and the menu pick (engine events arrive all the time here) can
      // leave the command without its row: it then asks where to ping from, as from the palette. Seen once in
      // CI; the pick below is what the test checks, so the source is chosen in that picker then.
      const title = await page.locator('.quick-input-widget .quick-input-title').innerText();
      if (!title.includes(`s0${tag}`)) {
        t.diagnostic(`the context menu's command came without its row ("${title}"): picking the source`);
        await page
          .locator(`.quick-input-list .monaco-list-row:has-text("s0${tag}"):has-text("sandbox")`)
          .first()
          .click();
        await page.waitForSelector(`.quick-input-widget .quick-input-title:has-text("Ping from s0${tag}")`);
      }
      await page
        .locator(`.quick-input-list .monaco-list-row:has-text("${target}"):has-text("across the overlay")`)
        .first()
        .click();
      const output = page.locator('.part.panel .view-lines');
      await output.locator('text=/4\\s+received/').first().waitFor({ timeout: 60_000 });
      const text = (await output.innerText()).replace(/\u00a0/g, ' ');
      assert.match(text, new RegExp(`from ${ip.replace(/\./g, '\\.')}`), text);
      assert.match(text, /4 packets transmitted, 4 received, 0% packet loss/, text);
      await shot(page, '4-ping');
    }),
  );
});
