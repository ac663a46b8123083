import { useCallback, useState } from 'react';
import { describeError } from '../errors.js';
import { useAppContext } from './navigation.js';
import type { Profile } from './store.js';
import { Workspace } from './workspace.js';

export interface Profiles {
  /** The current profile first, then the saved ones. */
  list: Profile[];
  current: string;
  error?: { title: string; message: string };
  save(name: string): void;
  remove(name: string): void;
  /** Reads the profile's dwh.cfg and makes it the workspace; a bad setting is reported, nothing changes. */
  use(profile: Profile): Promise<boolean>;
}

export function useProfiles(): Profiles {
  const app = useAppContext();
  const { store, workspace } = app;
  const [saved, setSaved] = useState<Profile[]>(() => store.profiles());
  const [error, setError] = useState<{ title: string; message: string } | undefined>(undefined);
  const current = workspace.profile;

  const save = useCallback(
    (name: string) => {
      store.saveProfile({ ...current, name });
      setSaved(store.profiles());
    },
    [store, current],
  );
  const remove = useCallback(
    (name: string) => {
      store.deleteProfile(name);
      setSaved(store.profiles());
    },
    [store],
  );
  const use = useCallback(
    async (profile: Profile) => {
      try {
        const next = Workspace.fromProfile(profile);
        setError(undefined);
        await app.switchWorkspace(next);
        return true;
      } catch (e) {
        setError(describeError(e));
        return false;
      }
    },
    [app],
  );

  const list = [current, ...saved.filter((p) => p.name !== current.name)];
  return { list, current: current.name, error, save, remove, use };
}
