import { signUp, type TestClient, type TestServer } from './server.js';

/** Registers a fresh user, makes them HR, and returns their signed-in client. */
export async function signUpHr(server: TestServer, overrides: { username?: string; email?: string } = {}) {
  const account = await signUp(server.url, overrides);
  await server.app.services.auth.promoteToHr(account.user.username);
  return account;
}

/**
 * An employee account linked to `employeeId` the way the product links it: through HR
 * (the employee ID must exist in the imported HR data).
 */
export async function signUpLinked(url: string, hr: TestClient, employeeId: string, overrides: { username?: string; email?: string } = {}) {
  const { code } = await hr.auth.createInvite.mutate({ employeeId });
  return signUp(url, { ...overrides, inviteCode: code });
}

/**
 * Imports a minimal HR data set (one vibe answer each) that knows just these employee IDs,
 * for tests that need linkable IDs but not the sample's analysis. Replaces the vibemeter data.
 */
export async function importEmployees(hr: TestClient, employeeIds: string[]) {
  const rows = employeeIds.map((id) => `${id},01-02-2024,3`).join('\n');
  const form = new FormData();
  form.append('vibemeter', new Blob([`Employee_ID,Response_Date,Vibe_Score\n${rows}\n`]), 'vibemeter_dataset.csv');
  await hr.hrdata.upload.mutate(form);
}
