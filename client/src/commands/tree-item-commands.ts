/**
 * Commands that act on one row of the Switchyard view (a network to inspect or remove, a sandbox to remove, an
 * endpoint to disconnect). The manifest hides them from the command palette (`menus.commandPalette`,
 * `when: false`); run another way (a keybinding) without a row, they say where to find them. The probes
 * (ping, DNS, TCP, capture) are not here: from the palette they offer a picker instead.
 */
export const TREE_ITEM_COMMANDS: ReadonlySet<string> = new Set([
  'switchyard.network.inspect',
  'switchyard.network.remove',
  'switchyard.sandbox.remove',
  'switchyard.endpoint.disconnect',
]);

interface ManifestCommand {
  command: string;
  title: string;
  category?: string;
}

/**
 * What a user calls each command, as the palette shows it ("Switchyard: Remove Network…"), from the
 * extension's manifest (VS Code hands it over with the `%key%` strings already localised). Messages name
 * commands by this, never by id.
 */
export function commandTitles(manifest: unknown): Map<string, string> {
  const list = (manifest as { contributes?: { commands?: ManifestCommand[] } })?.contributes?.commands ?? [];
  return new Map(list.map((c) => [c.command, c.category ? `${c.category}: ${c.title}` : c.title]));
}
