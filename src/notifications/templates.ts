/**
 * The words of every mail the product sends. Employees' mails carry no scores and no HR
 * data; HR's mails name people and signs but never quote a conversation.
 */

export interface Mail {
  subject: string;
  text: string;
}

export interface Links {
  publicUrl: string;
  timeZone: string;
}

const employeePage = (links: Links, employeeId: string | null) =>
  employeeId ? `${links.publicUrl}/employees/${encodeURIComponent(employeeId)}` : `${links.publicUrl}/alerts`;

const describe = (employeeId: string | null, username: string) => (employeeId ? `${employeeId} (account ${username})` : `account ${username} (not linked to an employee ID)`);

function when(at: Date, timeZone: string): string {
  const local = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'long', timeZone }).format(at);
  return `${local} (${at.toISOString()})`;
}

export function escalationMail(links: Links, facts: { employeeId: string | null; username: string; concerns: string[]; at: Date }): Mail {
  return {
    subject: `Urgent: crisis signs from ${facts.employeeId ? `employee ${facts.employeeId}` : `account ${facts.username}`}`,
    text: [
      "An employee's message to the HR assistant showed crisis signs. Please reach out to them personally, soon.",
      '',
      `Employee: ${describe(facts.employeeId, facts.username)}`,
      `When: ${when(facts.at, links.timeZone)}`,
      `Signs: ${[...new Set(facts.concerns)].join(', ')}`,
      `Employee page: ${employeePage(links, facts.employeeId)}`,
      '',
      'The assistant has given them the support contacts. Their words are not in this e-mail; HR users can read the conversation in the HR assistant.',
    ].join('\n'),
  };
}

export function invitationMail(links: Links, username: string): Mail {
  return {
    subject: 'How are things going?',
    text: [
      `Hi ${username},`,
      '',
      "We'd love to hear how things are going for you. The HR assistant has a moment for you whenever it suits you: a short, confidential chat about your work and how you are.",
      '',
      `Say hello here: ${links.publicUrl}/`,
      '',
      "If you'd rather not get these invitations, you can turn them off in your notification settings.",
      '',
      'Warm regards,',
      'Your HR team',
    ].join('\n'),
  };
}

export function reminderMail(links: Links, username: string): Mail {
  return {
    subject: 'Still here if you would like to talk',
    text: [
      `Hi ${username},`,
      '',
      "A few days ago we invited you to a short chat with the HR assistant. No pressure at all: if you'd like to talk about how things are going, it is still there for you.",
      '',
      `Open the chat: ${links.publicUrl}/`,
      '',
      "This is the only reminder we'll send. You can turn invitations off in your notification settings.",
      '',
      'Warm regards,',
      'Your HR team',
    ].join('\n'),
  };
}

export function digestMail(links: Links, people: Array<{ employeeId: string; username: string; day: string }>): Mail {
  return {
    subject: `Check-ins: ${people.length} ${people.length === 1 ? 'employee has' : 'employees have'} not responded`,
    text: [
      'These employees were invited to a check-in with the HR assistant and reminded once, and have not answered. They may need a personal word:',
      '',
      ...people.map((p) => `- ${p.employeeId} (account ${p.username}), selected on ${p.day}: ${employeePage(links, p.employeeId)}`),
      '',
      'No further invitations will be sent to them for these check-ins.',
    ].join('\n'),
  };
}
