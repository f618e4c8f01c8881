import { useEffect, useState } from 'react';
import { go, useRoute } from './route';
import { forget, signIn, storedCredentials, type Session } from './session';
import { BundlesView } from './views/bundles-view';
import { CalendarView } from './views/calendar-view';
import { CreateRelease } from './views/create-release';
import { ReleasePage } from './views/release-page';
import { ReleasesList } from './views/releases-list';
import { SignIn } from './views/sign-in';

export function App() {
  const [session, setSession] = useState<Session>();
  const [restoring, setRestoring] = useState(() => storedCredentials() !== undefined);
  const route = useRoute();

  useEffect(() => {
    const stored = storedCredentials();
    if (!stored) return;
    signIn(stored)
      .then(setSession, forget)
      .finally(() => setRestoring(false));
  }, []);

  if (restoring) return <p className="page">Loading…</p>;
  if (!session) return <SignIn onSignedIn={setSession} />;

  const [view = 'releases', id] = route;
  const signOut = () => {
    forget();
    setSession(undefined);
    go('/releases');
  };
  const link = (path: string, label: string, current: boolean) => (
    <a href={`#/${path}`} aria-current={current ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <>
      <header className="top">
        <span className="brand">dpr</span>
        <nav aria-label="Main">
          {link('releases', 'Releases', view === 'releases')}
          {link('calendar', 'Calendar', view === 'calendar')}
          {link('bundles', 'Bundles', view === 'bundles')}
          {session.me.can.createRelease && link('new-release', 'New release', view === 'new-release')}
          <a href="/api/docs">API docs</a>
        </nav>
        <span className="who">
          <span aria-label="Signed in as">{session.me.userName}</span>
          <button type="button" className="link" onClick={signOut}>
            Sign out
          </button>
        </span>
      </header>
      <main className="page" id="main">
        {view === 'releases' && !id && <ReleasesList session={session} />}
        {view === 'releases' && id && <ReleasePage key={id} session={session} releaseId={id} />}
        {view === 'calendar' && <CalendarView session={session} calendarId={id} />}
        {view === 'bundles' && <BundlesView session={session} bundleId={id} />}
        {view === 'new-release' && <CreateRelease session={session} />}
      </main>
    </>
  );
}
