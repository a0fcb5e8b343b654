import { createContext, useContext } from 'react';
import type { Client, License } from '@paddock/sdk';
import type { Person } from './auth.js';

export interface Dashboard {
  client: Client;
  person: Person;
  /** The licence and seats (admins), refreshed after every change to who is active. */
  license: License | null;
  refreshLicense: () => void;
  signOut: () => void;
}

export const DashboardContext = createContext<Dashboard | null>(null);

export function useDashboard(): Dashboard {
  const value = useContext(DashboardContext);
  if (value === null) throw new Error('useDashboard outside the signed-in app');
  return value;
}
