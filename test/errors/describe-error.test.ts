import { describe, expect, it } from 'vitest';
import { ConfigError, describeError, errorText, systemReason } from '../../src/errors.js';

const errno = (code: string, syscall: string, path: string): NodeJS.ErrnoException =>
  Object.assign(new Error(`${code}: something, ${syscall} '${path}'`), { code, syscall, path });

describe('every error has a title and one line', () => {
  it('a system error says what it means, the call and the path, with its code', () => {
    expect(describeError(errno('EACCES', 'open', '/data/x.json'))).toEqual({ title: 'Permission denied', message: 'open /data/x.json: permission denied (EACCES)', exitCode: 1 });
    expect(describeError(errno('EROFS', 'mkdir', '/ro/db'))).toMatchObject({ title: 'Read-only file system', message: 'mkdir /ro/db: the file system is read-only (EROFS)' });
    expect(describeError(errno('ENOSPC', 'write', '/full/f'))).toMatchObject({ title: 'Disk full' });
    expect(describeError(errno('EMFILE', 'open', '/a'))).toMatchObject({ title: 'Too many open files' });
    expect(systemReason(errno('ENOTDIR', 'stat', '/f/x'))).toBe('a part of the path is a file, not a folder (ENOTDIR)');
  });

  it('ours keep their title; anything else is an internal error, never "Unexpected error" or "[object Object]"', () => {
    expect(describeError(new ConfigError('x.cfg:2: bad\nvalue'))).toEqual({ title: 'Configuration error', message: 'x.cfg:2: bad value', exitCode: 2 });
    for (const thrown of [{ name: 'RuntimeError' }, { message: 'PGlite failed to initialize properly' }, { code: 42 }, null, undefined, 'plain text', new Error(''), 17]) {
      const d = describeError(thrown);
      expect(d.title).toBe('Internal error');
      expect(d.message).not.toMatch(/\[object Object\]|^$|undefined \(a fault/);
      expect(d.message).toMatch(/\(a fault of sparkify, not of your data or settings\)$/);
    }
    expect(errorText({ message: 'PGlite failed to initialize properly' })).toBe('PGlite failed to initialize properly');
    expect(errorText({ code: 42 })).toBe('{"code":42}');
    expect(errorText({})).toBe('a value of type object with nothing to say');
    expect(errorText(new Error(''))).toBe('Error');
  });
});
