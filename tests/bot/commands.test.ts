// What people type, read as a command or as a question. Questions are most of what the bot hears, so
// parseCommand rules them out early; these checks make sure no command is ruled out with them.
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/bot/commands.js';
import { parseCommand } from '../../src/bot/command-parser.js';

describe('commands, as people type them', () => {
  it('each command has its own name', () => {
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
  });

  it('every command word, alone or with an argument as its command allows', () => {
    for (const c of COMMANDS) {
      for (const w of c.words) {
        if (c.args === 'required') expect(parseCommand(`${w} identity`), w).toEqual({ name: c.name, args: 'identity' });
        else expect(parseCommand(w.toUpperCase()), w).toEqual({ name: c.name, args: '' });
      }
    }
  });

  it('a one-letter typo in a command word of four letters or more: dropped, added, changed or swapped', () => {
    const typos: [string, string][] = [
      ['halp', 'help'],
      ['pilars', 'pillars'],
      ['pillarss', 'pillars'],
      ['rmap', 'ramp'],
      ['aboot', 'about'],
      ['chekclist', 'checklist'],
      ['progres', 'progress'],
      ['exprot', 'export'],
      ['azrue', 'azure'],
    ];
    for (const [typed, name] of typos) expect(parseCommand(typed)?.name, typed).toBe(name);
    expect(parseCommand('pilar identity')).toEqual({ name: 'pillar', args: 'identity' });
    expect(parseCommand('rmp')).toBeUndefined(); // three letters: too short to forgive
  });

  it('the natural phrases, with polite words around them', () => {
    expect(parseCommand('what can you do?')?.name).toBe('help');
    expect(parseCommand('Please show me the pillars')?.name).toBe('pillars');
    expect(parseCommand('What are the seven technology pillars')?.name).toBe('pillars');
    expect(parseCommand('which roles are there')?.name).toBe('roles');
    expect(parseCommand('Rapid Modernization Plan')).toEqual({ name: 'ramp', args: '' });
    expect(parseCommand('rapid modernization plan step 2')).toEqual({ name: 'ramp', args: 'step 2' });
    expect(parseCommand('how far are we')?.name).toBe('progress');
    expect(parseCommand('who are you')?.name).toBe('about');
    expect(parseCommand('?')?.name).toBe('help');
  });

  it('questions stay questions, even when they start with a command word', () => {
    for (const q of [
      'how do we get started with zero trust',
      'require MFA for all users',
      'what is conditional access and do we need it',
      'help me protect against ransomware',
      'azure firewall rules',
      'about conditional access',
      '',
    ]) {
      expect(parseCommand(q), q).toBeUndefined();
    }
  });
});
