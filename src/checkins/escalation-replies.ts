import type { RiskSign } from '../safety/signs.js';
import type { Language, SafetyCategory } from '../safety/vocabulary.js';

type Escalating = Extract<SafetyCategory, 'self_harm' | 'harassment' | 'burnout'>;

interface Reply {
  support: Record<Escalating, string>;
  /** HR has been told; the configured help contacts follow. */
  told: string;
}

/** What the assistant answers to a crisis, in the language the employee showed it in. */
const REPLIES: Record<Language, Reply> = {
  en: {
    support: {
      self_harm: "I'm really sorry you're feeling this way, and I'm glad you told me. You don't have to go through this alone.",
      harassment: "I'm sorry this is happening to you. Nobody should be treated like that at work, and it will be taken seriously.",
      burnout: 'That sounds like far too much to carry, and it is not a failing on your part to feel this way.',
    },
    told: "I've let the HR team know so that someone can reach out to you personally. If you need to talk to someone right now:",
  },
  fr: {
    support: {
      self_harm: "Merci de me l'avoir confié. Ce que vous ressentez compte, et vous n'avez pas à traverser cela sans soutien.",
      harassment: 'Je suis désolé que cela vous arrive. Personne ne devrait être traité ainsi au travail, et ce sera pris au sérieux.',
      burnout: "C'est beaucoup trop à porter, et vous sentir ainsi n'est pas un échec de votre part.",
    },
    told: "J'ai prévenu l'équipe RH pour que quelqu'un vous contacte personnellement. Si vous avez besoin de parler à quelqu'un tout de suite :",
  },
  de: {
    support: {
      self_harm: 'Danke, dass Sie mir das anvertraut haben. Was Sie fühlen, zählt, und Sie müssen da nicht allein durch.',
      harassment: 'Es tut mir leid, dass Ihnen das passiert. Niemand sollte bei der Arbeit so behandelt werden, und es wird ernst genommen.',
      burnout: 'Das ist viel zu viel, um es allein zu tragen, und es ist kein Versagen Ihrerseits, sich so zu fühlen.',
    },
    told: 'Ich habe das HR-Team informiert, damit sich jemand persönlich bei Ihnen meldet. Wenn Sie jetzt sofort mit jemandem sprechen möchten:',
  },
  es: {
    support: {
      self_harm: 'Gracias por contármelo. Lo que sientes importa, y no tienes que pasar por esto sin apoyo.',
      harassment: 'Siento mucho que te esté pasando esto. Nadie debería recibir ese trato en el trabajo, y se tomará en serio.',
      burnout: 'Es demasiado para cargarlo, y sentirte así no es un fracaso por tu parte.',
    },
    told: 'He avisado al equipo de RR. HH. para que alguien se ponga en contacto contigo personalmente. Si necesitas hablar con alguien ahora mismo:',
  },
  it: {
    support: {
      self_harm: 'Grazie di avermelo detto. Quello che provi conta, e non devi affrontarlo senza sostegno.',
      harassment: 'Mi dispiace che ti stia succedendo. Nessuno dovrebbe essere trattato così al lavoro, e verrà preso sul serio.',
      burnout: 'È davvero troppo da portare, e sentirti così non è un tuo fallimento.',
    },
    told: 'Ho avvisato il team HR perché qualcuno ti contatti personalmente. Se hai bisogno di parlare con qualcuno subito:',
  },
  pt: {
    support: {
      self_harm: 'Obrigado por me contar. O que sente é importante, e não tem de passar por isto sem apoio.',
      harassment: 'Lamento muito que isto lhe esteja a acontecer. Ninguém deve ser tratado assim no trabalho, e isto será levado a sério.',
      burnout: 'É demasiado para carregar, e sentir-se assim não é uma falha sua.',
    },
    told: 'Avisei a equipa de RH para que alguém entre em contacto consigo pessoalmente. Se precisar de falar com alguém agora mesmo:',
  },
  nl: {
    support: {
      self_harm: 'Dank je dat je me dit vertelt. Wat je voelt doet ertoe, en je hoeft dit niet alleen te dragen.',
      harassment: 'Het spijt me dat dit je overkomt. Niemand hoort zo behandeld te worden op het werk, en dit wordt serieus genomen.',
      burnout: 'Dat is veel te veel om te dragen, en het is geen falen van jou dat je je zo voelt.',
    },
    told: 'Ik heb het HR-team laten weten dat iemand persoonlijk contact met je opneemt. Als je nu meteen met iemand wilt praten:',
  },
};

const isEscalating = (category: SafetyCategory): category is Escalating => category in REPLIES.en.support;

/**
 * The answer to a message with crisis signs (most serious first): support for the first, in the
 * language of the first phrase that showed one (English when a classifier found them), and the
 * help contacts as configured.
 */
export function escalationReply(signs: RiskSign[], helpContacts: string): string {
  const reply = REPLIES[signs.find((sign) => sign.language)?.language ?? 'en'];
  const category = signs.map((sign) => sign.category).find(isEscalating) ?? 'burnout';
  return `${reply.support[category]} ${reply.told} ${helpContacts}`;
}
