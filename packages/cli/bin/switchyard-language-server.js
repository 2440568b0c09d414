#!/usr/bin/env node
// The Switchyard language server for any LSP client (Neovim, Helix, Zed, …). It speaks LSP over stdio;
// `--stdio` is assumed when no transport is named, so `switchyard-language-server` alone works too.
'use strict';
/* global require */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS bin, not part of the TypeScript build */
const transports = /^--(stdio|node-ipc|socket|pipe)\b/;
if (!process.argv.slice(2).some((a) => transports.test(a))) process.argv.push('--stdio');
require('../dist/server.js');
