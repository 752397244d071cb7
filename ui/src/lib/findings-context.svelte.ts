// Shared by the compare view and its rows: the backend, the notes, and a way to tell the view that
// a verdict changed (so it fetches the comparison again: the label in force comes from the core).
import { getContext, setContext } from 'svelte';
import type { Backend } from './backend';
import { ApiError } from './backend';
import type { Note } from '../generated/types';

const KEY = Symbol('rashomon.findings');

export class CompareFindings {
  notes = $state<Note[]>([]);
  error = $state<string | null>(null);
  private readonly getBackend: () => Backend;
  readonly onchanged: () => void;
  constructor(getBackend: () => Backend, onchanged: () => void) {
    this.getBackend = getBackend;
    this.onchanged = onchanged;
  }
  get backend(): Backend {
    return this.getBackend();
  }
  async loadNotes() {
    try {
      this.notes = await this.backend.listNotes();
    } catch (e) {
      this.error = ApiError.from(e).message;
    }
  }
}

export function setCompareFindings(f: CompareFindings): CompareFindings {
  return setContext(KEY, f);
}

export function getCompareFindings(): CompareFindings | undefined {
  return getContext<CompareFindings | undefined>(KEY);
}
