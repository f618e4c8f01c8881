import { createApi, messageOf, type Api, type Credentials } from './api/client';

export interface Me {
  sysId: string;
  userName: string;
  roles: string[];
  /** The server's today (its clock, instance time zone). */
  today: string;
  can: Record<string, boolean>;
}

export interface Session {
  api: Api;
  me: Me;
}

const KEY = 'dpr.workspace.credentials';

/** Checks the credentials against the API (`GET /api/dpr/me`); the answer says what the user may do. */
export async function signIn(credentials: Credentials): Promise<Session> {
  const api = createApi(credentials);
  const { data, error, response } = await api.GET('/api/dpr/me');
  const status = response.status;
  if (status === 401) throw new Error('Unknown user name or wrong password');
  if (error || !data) throw new Error(messageOf(error, status));
  sessionStorage.setItem(KEY, JSON.stringify(credentials));
  return { api, me: data.result };
}

export function storedCredentials(): Credentials | undefined {
  const text = sessionStorage.getItem(KEY);
  return text ? (JSON.parse(text) as Credentials) : undefined;
}

export function forget(): void {
  sessionStorage.removeItem(KEY);
}
