import { DEMO_PASSWORD, DEMO_USERS } from './demo-users.ts';
import type { SeedWriter } from './seed-writer.ts';

/** Creates the demo users (password hashed by the store) and their role grants. */
export async function insertUsers(w: SeedWriter, roleIds: ReadonlyMap<string, string>): Promise<Map<string, string>> {
  const users = await w.insert(
    'sys_user',
    DEMO_USERS.map((u) => ({
      user_name: u.userName,
      first_name: u.firstName,
      last_name: u.lastName,
      name: `${u.firstName} ${u.lastName}`,
      email: `${u.userName}@example.com`,
      time_zone: u.timeZone,
      user_password: DEMO_PASSWORD,
    })),
  );
  const ids = new Map(users.map((u) => [String(u.user_name), String(u.sys_id)]));
  await w.insert(
    'sys_user_has_role',
    DEMO_USERS.flatMap((u) =>
      u.roles.map((role) => {
        const roleId = roleIds.get(role);
        if (!roleId) throw new Error(`Role ${role} is missing from the database`);
        return { user: ids.get(u.userName), role: roleId };
      }),
    ),
  );
  return ids;
}
