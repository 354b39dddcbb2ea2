/**
 * The one vocabulary of crisis and risk language. Every phrase is written against
 * `normalise()`d text: lower case, contractions spelt out ("do not", "can not", "i am"),
 * no apostrophes, hyphens as spaces, clause punctuation as a " . " token.
 */

/** Up to n more words inside the same clause. */
const words = (n: number) => `(?: [a-z0-9]+){0,${n}}`;
/** Not followed by any of these words or phrases (whole words: "to" does not stop "tonight"). */
const unless = (alternatives: string) => `(?! (?:${alternatives})(?![a-z0-9]))`;
/** The end of a clause: the phrase is not followed by more words of the same sentence. */
const END = '(?= \\.|$)';
/** Being dead or gone, as in "if I was gone", "when I die". */
const GONE = '(?:died|die|was dead|were dead|am dead|dead|was gone|were gone|am gone|gone|disappeared|disappear|vanished|killed myself|kill myself|was not here|were not here|was not around|never came back|stopped existing|did not exist)';
/** Words that say the speaker means to do something to themselves. */
const INTENT = `(?:want|wanted|wanting|going|plan|planning|planned|thinking|thought|think|urge|urges|tempted|like|started|start|keep|kept|been|tried|try|trying|might|will|would|could|should|need|needed|wish|ready)${words(2)}`;
/** "Dying of laughter, hunger, boredom…": the figures of speech after "mourir de", "morir de", "morrer de", "matar de". */
const DYING_OF =
  '(?:de|d) (?:rire|risa|rir|faim|hambre|fome|soif|sed|sede|honte|verguenza|vergonha|ennui|aburrimiento|tedio|peur|miedo|medo|froid|frio|chaud|calor|envie|ganas|vontade|amour|amor|sommeil|sueno|sono|fatigue|cansancio|cansaco|pena|saudade|trabalhar|trabajar|trabajo|trabalho|curiosite|curiosidad|curiosidade|impatience|alegria|joie|stress|estres)';
/** Ways of speaking up that a threat forbids: "…if I go to HR", "…if I say no". */
const SPEAKING_UP =
  '(?:(?:go|went|going|talk|talked|speak|spoke|complain|complained) to (?:hr|human resources|the police|anyone|anybody|someone|management|legal|the union)|(?:report|reported|reporting|tell|told|telling) (?:him|her|them|it|this|anyone|anybody|someone|hr|on him|on her)|(?:said|say|saying) no|refuse|refused|complain|complained|speak up|spoke up)';
/** Thinking of something, over and over or as a plan. */
const IDEATION = '(?:thinking|thought|think|thinks|wondering|dreaming|fantasi[sz]ing|obsessing|daydreaming|planning) (?:about|of|on)';
/** What can be mocked or held against someone: "makes fun of my accent". */
const TRAITS =
  '(?:accent|race|religion|skin|skin colou?r|hair|name|weight|body|disability|wheelchair|sexuality|gender|age|culture|appearance|stutter|looks|headscarf|hijab|turban|nationality|origin|faith)';
/** Words of abuse used as names ("calls me a f****t", "the cripple"). */
const SLURS =
  '(?:fag|faggot|fags|faggots|dyke|dykes|tranny|trannies|retard|retarded|nigger|niggers|nigga|kike|spic|chink|paki|wetback|cripple|spastic|terrorist|gypsy|monkey|ape|gorilla|bitch|slut|whore|cunt|idiot|moron|failure)';
/** Someone who can mistreat an employee. */
const PERSON =
  '(?:he|she|they|someone|somebody|him|her|them|man|guy|woman|manager|boss|supervisor|colleague|colleagues|coworker|coworkers|co worker|co workers|client|customer|lead|director|teammate|senior|ceo|contractor|patients?|relatives?|visitors?|passengers?|drivers?|callers?|guests?|students?|parents?|residents?|tenants?|members? of the public|foreman|guard|security guard|consultant|doctor|nurse|chef|worker|workers|stranger|neighbou?r|ex|partner|husband|wife|boyfriend|girlfriend)';
const BODY = '(?:leg|legs|thigh|thighs|butt|ass|arse|bum|breast|breasts|chest|boobs|body|waist|hips?|crotch|privates|private parts|knee|neck|face|hair|bottom|behind)';
const PILLS =
  '(?:pills|tablets|meds|medication|medicine|sleeping pills|sleeping tablets|sleep meds|heart meds|painkillers|pain killers|paracetamol|tylenol|ibuprofen|aspirin|codeine|morphine|opioids|oxy|benzos|diazepam|valium|xanax|lithium|antidepressants|insulin|drugs)';

/** Where a working day is spent: "fainted at my desk", "cried in the toilets". */
const AT_WORK =
  '(?:at|in|on|during|before|after) (?:work|my desk|the desk|the office|the warehouse|the ward|the site|the shop|the store|the shop floor|the meeting|a meeting|meetings|the call|a call|my shift|the shift|the stairwell|the stairs|the car park|the parking lot|the toilets?|the loo|the bathroom|the break room|the server room|the printer|the all hands|the presentation|the standup|the stand up|the depot|the kitchen|the till|the counter|the classroom)';

/** Figures of speech that use crisis words; cut out of the text before anything is matched. */
export const IDIOMS = [
  '(?:career|social|political|commercial|professional|financial) suicide',
  'suicide (?:mission|missions|squad|run|runs|drill|drills|doors|knob|lane|sprint|sprints|pace|shift|shifts)',
  'suicide for (?:my|our|the|your|his|her|their) [a-z]+',
  'killing myself (?:to|trying|working|at work|at the gym|over (?:this|that|the) (?:project|deadline|report|job|presentation|release))',
  '(?:caffeine|coffee|sugar|chocolate|meeting|meetings|information|zoom|email|emails|data|content|pizza|cake|netflix) overdose',
  'overdos(?:e|ed|ing) on (?:coffee|caffeine|sugar|chocolate|meetings|zoom|emails|work|pizza|cake|netflix|tv|spreadsheets)',
  `(?:bulb|bulbs|fan|motor|light|lights|candle|fuse|engine|battery|screen|lamp|clutch|element|cpu|gpu)${words(5)} burn(?:ed|t|s|ing)? out`,
  'want to die (?:of|from) (?:embarrassment|shame|laughter|laughing|boredom|cringe)',
  '(?:(?:nearly|almost|practically) )?(?:killed|kill|killing) myself (?:laughing|with laughter)',
  '(?:nearly|almost) killed myself (?:tripping|falling|slipping|skiing|cycling|running|on (?:the|my|a) (?:stairs|bike|scooter|ice|way))',
  'noose (?:of|is tightening|tightening|tightens|around (?:our|my|his|her|their|the|your) necks?)',
].map((source) => new RegExp(`(?<![a-z0-9])(?:${source})(?![a-z0-9])`, 'g'));

export type SafetyCategory =
  | 'self_harm'
  | 'harassment'
  | 'burnout'
  | 'leaving'
  | 'stress'
  | 'workload'
  | 'manager_conflict'
  | 'recognition'
  | 'isolation';

/** The languages the vocabulary knows crisis statements in, besides English. */
export const LANGUAGES_ABROAD = ['fr', 'de', 'es', 'it', 'pt', 'nl'] as const;
export type Language = 'en' | (typeof LANGUAGES_ABROAD)[number];

/** Pills taken all at once or saved up, in one language: its words for pills, "all", "take" and "saved". */
const pillsHoarded = (pills: string, all: string, take: string, saved: string) => [
  `(?:${pills})${words(10)} (?:${all})${words(1)} (?:${take})`,
  `(?:${pills}) (?:${saved})`,
];

/**
 * A phrase that names the subject rather than saying it happens: "suicide", "harassment",
 * "burnout". Policies, training, films and other people's news use the same words, so a message
 * that shows no other sign is raised unless the crisis model reads it as calm beyond doubt.
 */
export interface Naming {
  naming: string;
}
const naming = (...sources: string[]): Naming[] => sources.map((source) => ({ naming: source }));

/** A crisis phrase: raised at once, or when it only names the subject, as `Naming` says. */
export type CrisisPhrase = string | Naming;

export interface VocabularyEntry {
  category: SafetyCategory;
  /** The words HR reads in reports, alerts and escalations. */
  concern: string;
  /** How much the sign weighs on a report's risk score. */
  weight: number;
  /** Phrases raised to HR at once. */
  crisis: CrisisPhrase[];
  /**
   * Crisis phrases in the other languages of a European workplace: the clearest statements only
   * (the model and, with a key, Mistral's moderation read more). The escalation answers in the
   * language of the phrase that showed the crisis.
   */
  abroad?: Partial<Record<Exclude<Language, 'en'>, CrisisPhrase[]>>;
  /** Phrases that are a risk sign in a report but no emergency. */
  signs: string[];
}

/** From most to least serious: reports list concerns in this order, escalations answer the first. */
export const VOCABULARY: VocabularyEntry[] = [
  {
    category: 'self_harm',
    concern: 'Possible risk of self-harm',
    weight: 0.9,
    crisis: [
      // Naming it
      ...naming('suicid[a-z]*', 'suicdal', 'sewer ?slide', 'sucid(?:e|al)', 'suisid(?:e|al)', 'suiside', 'suicde', 'sucicidal', 'suacidal', 'unaliv[a-z]*'),
      'commit (?:sudoku|toaster bath)',
      ...naming('self (?:harm[a-z]*|injur[a-z]*|mutilat[a-z]*)', 'selfharm[a-z]*'),
      // Ending it
      '(?:kill|killing|killed|end|ending|off|offing|hang|hanging|shoot|shooting|drown|drowning|poison|poisoning|stab|stabbing|starve|starving) myself',
      `(?:kill|end|take|taking|ending|killing|took) (?:my|my own) life${unless('in|into|to|savings|back|seriously|for granted|easy|on|forward|further|elsewhere|somewhere|with|one|a|and career')}`,
      'end(?:ing)? it all', 'end(?:ing)? everything',
      `(?:want|going|thinking about|think about|thought about|ready|plan|planning|decided|tempted|about|just want|need) to end (?:it|things)(?: all| now| tonight| today| soon| for good| forever)?${END}`,
      `thinking (?:about|of) ending (?:it|things)${END}`,
      `${IDEATION} (?:dying|my (?:own )?death|killing myself|ending my life|taking my (?:own )?life|hanging myself|overdosing|not waking up|not being alive|jumping${unless('ship|in|on|at|into|to|onto|back|ahead|straight|right|the gun|through|for joy|up|out of (?:a|the) plane')}|throwing myself|stepping (?:off|in front)|driving (?:my car )?(?:into|off))`,
      `(?:want|wish|need) (?:it all|everything|all of this|the pain|my life|it|this) to (?:end|stop|be over)(?: forever| for good| permanently| once and for all)?${END}`,
      `(?:plan|planning|planned|thinking about|thought about|think about|considering|researching|looked up|looking up|googled|googling) (?:how to|ways to) (?:die|kill|end it|overdose)`,
      '(?:painless|quick|quickest|easiest|easy|fastest|least painful|peaceful|surest) (?:ways?|methods?) (?:to (?:die|end it|end my life|kill myself|not wake up)|of (?:dying|suicide|killing myself))',
      `(?:painless|least painful|peaceful) (?:ways?|methods?) to go${END}`,
      // Not wanting to live, to be here
      `(?:do not|does not|did not|not|never|no longer|can not|could not) (?:really |even |just |actually )?(?:want|wish|care|feel like) to (?:live${unless('in|at|with|near|there|here|abroad|on|by|somewhere|closer|far|next|so|off|out|alone|together')}|be alive|exist|wake up|keep living|go on living|carry on living|be around)`,
      `(?:do not|does not|not|never|no longer) (?:really |even |just |actually )?(?:want|wish) to (?:go on|keep going|carry on)(?: like this| anymore| any longer| living)*${END}`,
      `(?:do not|does not|not|never|no longer) (?:really |even |just |actually )?(?:want|wish) to be here${unless('at|in|on|for|when|with|until|after|during|tomorrow|today|tonight|next|this|that|doing|working|to|all|every|early|late')}`,
      `(?:want|wanted|wanting|wish|wished|like|ready|need|deserve) to (?:die${unless('of|from|laughing|in a (?:hole|ditch)')}|be dead|not exist|stop existing|not be alive|not wake up|never wake up|sleep forever|go to sleep forever|not be here)`,
      'feel like dying', 'rather be dead', 'better (?:off )?dead',
      '(?:wish|wished) i (?:was|were|could be|had been) (?:dead|never born|not alive|not here|gone|not born)', '(?:wish|wished) i (?:had|would have) never (?:been )?born',
      '(?:wish|wished) i (?:could|would) (?:just )?(?:die|disappear|not wake up|stop existing|not exist|fall asleep and never wake up)',
      `(?:hope|hoping|pray|praying|prayed)${words(3)} (?:that )?i (?:just |simply )?(?:do not|never|will not|would not) wake up${unless('late|early|in time|on time|before|at|too|with|in the')}`,
      '(?:go|fall|went|sleep|fell|falling|going) (?:to sleep |asleep )?and (?:never|not) wake up',
      `(?:should|ought to) (?:just )?(?:die|be dead|disappear${END}|disappear forever)`,
      `want to (?:just )?disappear(?: forever| for good| permanently| from (?:the world|this world|everything|existence|earth))?${END}`,
      'disappear (?:forever|for good|permanently)', 'disappear and never (?:come back|return|be found)',
      'wish i (?:did not|could not|would not|never) (?:exist|existed|wake up|woke up|been born)',
      // Better off gone
      'better off (?:gone|without me|if i (?:was|were|am) (?:not|never|dead|gone)|if i (?:died|disappeared|did not exist|never existed))',
      `(?:no one|nobody) (?:would|will) (?:even |really )?(?:miss me${END}|(?:miss me|notice|care)(?: at all)? (?:if|when) i ${GONE}(?: for good| forever| tomorrow| tonight| today)?${END})`,
      `(?:(?:anyone|anybody|someone|no one|nobody) (?:would|will)|(?:would|will|does|did) (?:anyone|anybody)) (?:even |really )?(?:notice|care|miss me)(?: at all)? (?:if|when) i (?:(?:swallowed|took|overdosed|jumped|killed|hanged|drowned|cut)|${GONE}(?: for good| forever| tomorrow| tonight| today)?${END})`,
      '(?:i am|i am just|i am only|i feel like|feel like i am|i feel) (?:such |just |only )?a burden(?: (?:to|on) (?:everyone|everybody|my family|others|the world|people|them|my kids|my wife|my husband|my partner|my parents|my friends)|' + END + ')',
      // No reason, no point, can not go on
      `(?:no|any) (?:reason|point|will|desire|purpose) (?:to |in |for )?(?:live|living|go on|going on|keep going|carry on|carrying on|be alive|being alive|being here|get up|getting up|wake up|waking up|continue|continuing|existing|exist)${unless('with|about|and|at|to')}`,
      'nothing (?:left )?to live for', 'not worth living', 'life (?:is|feels) (?:not worth it|pointless|meaningless|worthless|hopeless|not worth living)',
      '(?:what is|whats) the point (?:of|in) (?:living|life|going on|being alive|anything|it all|me|existing|even trying anymore)',
      `(?:what is|whats) the point anymore${END}`,
      `point (?:in|of) (?:living|being alive|existing|going on)${unless('in|at|with|here|there|abroad|about|with')}`,
      `(?:do not|can not|could not) (?:think|see how|know how|know if|know whether) i (?:can|could) (?:go on|carry on|keep going|keep living|live like this|live with this|do this anymore)`,
      `(?:do not|does not|did not|not) deserve to (?:live|be alive|exist|be here${END}|breathe)`, `should (?:not|never) (?:be alive|exist|have been born|be living)`,
      `(?:want|wish|going|ready|need|decided) to stop (?:living|breathing|being alive)`, `not (?:being|be) (?:here|around|alive) (?:anymore|any longer)${END}`,
      '(?:can not|could not|am not able to) do (?:life|living|this life|being alive)', `end my (?:suffering|misery|pain)(?:${END}| permanently| for good| forever| once and for all)`,
      `(?:how much|how many)${words(4)} (?:would|will|could|does it take to|it takes to|to) kill (?:me|a person|someone|you|myself)`, '(?:lethal|fatal|deadly) (?:dose|amount|quantity|overdose)',
      `(?:took|take|taken|taking|swallowed|swallow|downed) (?:[1-9][0-9]+|ten|twelve|fifteen|twenty|thirty|forty|fifty|a hundred|dozens of|a dozen|hundreds of)(?: of)?(?: my| the)? ${PILLS}`,
      `(?:have|got|with) (?:the|my|all the|all my|enough) ${PILLS} (?:ready|lined up|counted|counted out|in front of me|next to me)${END}`,
      `(?:i|been|keep|kept|started|still|often|sometimes) (?:burn|burning|cut|scratch|scratching|hit|hitting|punch|punching|bite|biting|starve|starving|hurt|harm) myself${unless('on|while|by accident|accidentally|shaving|cooking|every time i cook|in the kitchen|playing|at the gym|at football|training|with the (?:iron|stove|oven|kettle|pan|knife)|laughing')}`,
      '(?:until|till) (?:i|it) (?:bleed|bleeds|bled)', 'make myself bleed',
      `(?:hope|hoping|wish|wishing|pray|praying)${words(3)} (?:a|the|that) (?:train|bus|car|truck|lorry|tram)${words(3)} (?:hits|hit|kills|kill|runs over|run over) me`,
      `(?:drive|driving|drove|swerve|swerving|steer|steering|crash|crashing)${words(2)} (?:my car )?(?:into|off)${words(6)} on purpose`,
      `(?:almost|nearly) (?:stepped|jumped|threw myself|let myself fall) (?:off|in front of|from|onto)(?: (?:the|a|my))?(?: platform| ledge| bridge| roof| edge| building| balcony| window| train| tracks)?${END}`,
      `(?:edge|end) of (?:the|a) (?:platform|bridge|roof|cliff|ledge|balcony)${words(6)} (?:almost|nearly|wanted to|want to|thinking|thought about) (?:stepped|step|jump|jumped|let go|fall)`,
      '(?:keep|keeping|stay|staying) myself alive', `(?:how much longer|how long|not sure|do not know if) i (?:can|will be able to) (?:stay alive|keep myself alive|keep living|stay safe)`,
      `(?:been|keep|kept|started|still) (?:burning|cutting|scratching|hurting|hitting|bruising) my (?:arms?|wrists?|thighs?|legs?|skin|body|stomach|hands?)`,
      `(?:burning|burn|burnt|burned|cutting|cut|scratching|scratched) my (?:arms?|wrists?|thighs?|legs?|skin|stomach|hands?)${words(3)} (?:with|using) (?:a|my|the) (?:lighter|cigarettes?|razor|blade|knife|scissors|compass|glass|iron|lit match)`,
      `if i (?:did not|do not|never|would not|was not to) wake up${words(6)} (?:fine|ok|okay|good|better|a relief|relief|for the best|easier)`, `if i (?:died|was dead|were dead|was gone|were gone)${words(4)} (?:fine|ok|okay|a relief|for the best|easier)`,
      `how (?:easy|easily|simple|quick|quickly)${words(2)} (?:it would be|i could)${words(1)} (?:jump|end it|die|step off|let go|end (?:it all|everything|my life)|drive off|swallow (?:them|it|all))`,
      `better off${words(6)} than (?:with )?me${END}`, `life insurance${words(4)} (?:better off|payout|pay out|than (?:with )?me)`,
      `(?:have|got|made|set|picked) (?:a|the) plan and (?:a|the) (?:date|time|method|way)`, `(?:just )?want(?:ed)? (?:someone|somebody|anyone) to know${END}`,
      '(?:nothing|none of this|none of it) (?:will )?matters? after (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tonight|tomorrow|this week|the weekend)',
      `enough${words(2)} to (?:not wake up|never wake up|die|end it|kill me|kill myself|not be here)`, `(?:${PILLS}|dose)${words(5)} would do it`,
      `(?:do not think|not) i am (?:coming|going) (?:back )?down(?: the stairs| again| from (?:here|the roof|the ledge))?${END}`,
      '(?:can not|could not|do not) see myself (?:being alive|alive|living|still alive|surviving)',
      `(?:stopped|stop|stopping|quit|quitting) (?:taking )?my${words(2)} (?:meds|medication|medicine|pills|insulin|tablets)${words(2)} (?:on purpose|deliberately|hoping)`,
      `(?:do not|can not) see (?:a|any) future${END}`,
      `(?:method|methods|ways)(?: \\.)?${words(2)} (?:carbon monoxide|helium|hanging|an overdose|exhaust fumes|the exhaust)`, 'exhaust (?:fumes|pipe) (?:into|in) the car',
      `(?:arms?|wrists?|thighs?|legs?|stomach|skin) (?:are|is) (?:covered in|full of) (?:cuts|fresh cuts|scars|fresh scars)`, '(?:hide|hiding|cover|covering) (?:the |my )?(?:cuts|scars|self harm)',
      `(?:written|wrote|writing|write) my will${words(3)} (?:and|\\.)${words(2)} (?:a |my )?(?:note|letter|goodbye)`,      '(?:sat|sitting|sit|stood|standing|was|lay|lying) (?:in the bathroom |in the bath |in my room |in the car |in bed )?with (?:a|the|my) (?:razor|razor blade|blade|rope|noose|gun)',
      '(?:swallow|swallowed|swallowing|take|took|taking|down|downed) everything in (?:my|the) (?:medicine|bathroom|first aid) (?:cabinet|cupboard|drawer|box|kit)',
      `(?:bought|buying|got|ordered|have) (?:a|some|the) rope${words(10)} (?:use it|i am done|hang|my neck|tonight|end it)`,
      '(?:note|letter|letters|notes)(?: [a-z]+){0,4} for whoever finds (?:it|me|them)', 'whoever finds me',
      `(?:not|never) be (?:in|coming in|coming back|coming|here|around|back)${words(3)}(?: \\.)? or ever${END}`,
      `(?:tell|let) (?:my|them|everyone|him|her)${words(3)} (?:i am sorry|sorry|i love|i loved)(?: [a-z]+| \\.){0,14} goodbye`,
      `(?:this is|saying) goodbye(?: [a-z]+| \\.){0,14} (?:tell|let) (?:my|them|everyone|him|her)${words(3)} (?:i am sorry|sorry|i love)`,      `(?:giving|gave|give|given) (?:away )?(?:all (?:of )?my|my|everything)${words(8)} (?:because|since|as) i (?:will not|would not|am not going to) (?:need|be needing) (?:them|it|anything|any of it)(?: anymore| any longer| where i am going| after [a-z]+| soon)?${END}`,
      `(?:on|at) (?:the|a|my) (?:roof|rooftop|ledge|bridge|edge|balcony|railing|cliff|platform)${words(6)} (?:want|going|about|ready|thinking|planning) to (?:jump|let go|end it)`,
      'no (?:reason|point) for me to (?:live|go on|keep going|keep living|carry on|continue|stay alive|be here|be alive|exist|get up)',
      '(?:my )?life (?:has|holds) no (?:meaning|point|purpose|value)', `why (?:should i |do i |would i |even |bother to )*(?:bother|keep) (?:living|being alive|existing|going on|to live)`,
      `(?:would|d) rather (?:not exist|not be alive|be dead|die${unless('than|before|of|laughing')}|not wake up|not be here${END})`,
      'death (?:would|will|could|might) (?:be|feel like|come as) (?:a |such a )?(?:relief|release|mercy|blessing|escape|welcome|gift)', '(?:welcome|welcoming|long for|longing for|wish for|pray for|praying for) death',
      '(?:might|may) as well (?:be dead|die|kill myself|not exist|not be here)',
      '(?:not|not going to|will not) be (?:around|here) (?:much|for much|for very much) longer',
      `can not (?:go on|carry on|keep going|keep living|live)(?: like this| anymore| any longer| living| with this)*${END}`,
      `(?:tired|sick) of (?:living${unless('out of|in|with|on|at|like a|paycheck to|pay cheque to|from|under|next to|near|so far')}|life|being alive|existing)`,
      `(?:had|have had) enough of (?:life|living|being alive|existing|(?:everything|it all)${END})`,
      `(?:done|finished) with (?:life|living|everything|it all|this world|being alive)${unless('admin|stuff|chores|insurance|coaching|for (?:today|the day|now|this week|the week|tonight)|today|at work|on (?:my|the) list')}`,
      '(?:give|giving|gave|given) up on (?:life|living|myself|everything)',
      `(?:see|is|there is) no way out(?: of (?:this|it|here|all this|all of this))?(?:${END}| but| except| other than| besides)`, '(?:see|is|there is) no way out (?:of|from) (?:this |my )?(?:life|pain|situation|mess|hell|darkness|misery)', '(?:do not|can not|could not|never) see (?:a|any) way out',
      // Goodbye letters, pills, cutting, methods
      'goodbye (?:letters?|notes?|forever|world|cruel world)', '(?:suicide|farewell|last|final) (?:letters?|notes?) (?:to|for) (?:my|everyone|everybody)',
      '(?:wrote|written|writing|write|left|leave|leaving) (?:a|my) (?:goodbye|farewell|last|final) (?:letter|letters|note|notes)',
      'saying goodbye to (?:everyone|everybody|you all)(?: for good| forever)', `this is (?:just )?(?:my|me saying) (?:final |last )?goodbye${END}`, `goodbye(?: \\.)? (?:for good|forever|for ever)(?: this time)?${END}`, 'my (?:last|final) (?:message|words) (?:to|for) (?:anyone|everyone|everybody|the world|you all)',
      '(?:wrote|written|writing|write)(?: a| my| some)? (?:goodbye |farewell |last |final )?(?:letters?|notes?) (?:to|for) (?:my (?:family|kids|wife|husband|partner|parents|children|loved ones)|everyone|everybody)',
      ...naming('overdos[a-z]*'),
      `(?:took|take|taking|swallow|swallowed|swallowing|downed|downing) (?:all|a lot|lots|too many|loads|a bunch|a handful|handfuls|a whole bottle|the whole bottle|the rest|every one)(?: of)?(?: my| the| these| those| all| of)* ${PILLS}`,
      `(?:stockpiling|stockpiled|saving|saved|hoarding|hoarded|collecting|collected) (?:up )?(?:my |the |some )?${PILLS}`,
      `${PILLS} (?:saved|stockpiled|hoarded|stashed)(?: up| away)?`,
      `(?:harm|hurting|harming|cutting|burning|punishing) myself${unless('on|while|by accident|accidentally|shaving|cooking|in the kitchen|playing|at the gym|at football|training')}`,
      `${INTENT} (?:hurt|harm|cut|burn|punish) myself`,
      '(?:cut|cutting|slit|slash|slashing|slitting) my (?:wrists?|arms?|thighs?|legs?|skin|veins?|throat)', 'cutting again', 'started cutting',
      'jump(?:ed|ing|s)? (?:off|from|in front of|out of) (?:a|the|my|our)(?: [a-z]+)? (?:bridge|roof|building|cliff|balcony|train|window|ledge|car park|parking garage|tower)',
      '(?:throw|throwing) myself (?:off|under|in front of|from)', '(?:step|stepping|walk|walking|lie|lying|jump|jumping) in front of (?:a|the) (?:train|bus|car|truck|lorry)',
      '(?<!(?:drew|drawn|draw|drawing|left|hung|hanging|put|painted|scratched|found|carved|tied) a )noose', '(?:gun|pistol|knife|blade) to my (?:head|throat|wrist|wrists)', 'drive (?:my car )?(?:off|into) (?:a|the) (?:bridge|cliff|wall|tree|river)', 'crash my car on purpose',
      `how many ${PILLS} (?:it would take|would it take|it takes|does it take|to (?:die|overdose|end it|not wake up))`,
      `${INTENT} (?:drive|driving|drove|swerve|swerving|steer|steering|walk|walking|step|stepping|run|running|jump|jumping) (?:my car )?into (?:oncoming )?traffic`,
      `(?:easier|better|simpler|happier|relieved)${words(4)} if i (?:just |simply |only |really )?(?:(?:was|were|am) (?:dead|gone|not (?:here|around|alive)|never born)|died|disappeared|killed myself|did not exist|never existed)`,
      `(?:happier|better)(?: off)? without me(?: around| here| in (?:it|their lives|the world))?${END}`,
      'hurt myself (?:again|on purpose|deliberately|intentionally|every night|every day|last night again)',
      `end(?:ing)? it (?:all )?(?:tonight|today|for good)${END}`, `(?:tonight|today|tomorrow|this weekend|soon) i (?:will |am going to |going to )?end (?:it|it all|things|my life)${END}`,
      `(?:until|till) i (?:can |could |finally |get to )*end (?:it|things)(?: all)?${END}`,
      `${INTENT} od(?: tonight| today| again| on ${PILLS})?${END}`, '(?:drink|drinking|drank|starve|starving|starved) myself to death',
      `(?:considering|consider|thinking about|thought about|going to|gonna|want to|wanna|wanted to|planning to|plan to|ready to|decided to|about to|might) ctb${END}`,
      '(?:scared|afraid|terrified|frightened|worried) (?:of|about) what i (?:will|might|could|would|am going to) do to myself',
      `(?:take|took|taking|swallow|swallowed|swallowing|down|downed) (?:a|the) whole (?:bottle|box|pack|packet) of (?:something|anything|them|it|those|these)`,
      // "SH": self-harm, in the words people use of it
      '(?:i|been|to|not to|relapsed and) (?:sh|shd)(?: again| last night| yesterday| today| tonight)',
      // The pills named earlier in the clause: "I bought pills and I'm going to take them all"
      `${PILLS}${words(16)} (?:take|taking|took|swallow|swallowing|swallowed|down|downing|downed) (?:them all|all of them|every (?:single |last )?one of them|each one of them|every (?:single |last )?one|them at once|all at once|the lot|the whole (?:bottle|pack|packet|box))`,
    ],
    abroad: {
      fr: [
        `(?:veux|voudrais|vais|aimerais|prefere|prefererais|envie de|pense a|besoin de) (?:juste |seulement |vraiment |simplement )?(?:mourir${unless(DYING_OF)}|me (?:tuer|suicider|pendre|foutre en lair)|disparaitre pour toujours)`,
        `(?:envie|veux|vais|voudrais|besoin|pense a) den finir(?: une bonne fois pour toutes)?${END}`, '(?:en finir|mettre fin) (?:avec|a) (?:la|ma) vie', 'mettre fin a mes jours',
        `(?:ne veux plus|veux plus|plus envie de|marre de|pas envie de|aucune envie de) vivre${unless('ici|la|a|au|aux|en|avec|dans|chez|comme|sans|seul|seule|pres|loin')}`,
        '(?:fatigue|fatiguee|marre) de la vie', 'je me (?:coupe|scarifie|mutile)',
        ...pillsHoarded('pilules|comprimes|cachets|medicaments|somniferes', 'toutes|tous|a la fois', 'prendre|avaler', 'accumule|accumulees|gardes|gardees'),
      ],
      de: [
        `(?:will|mochte|moechte|werde|wurde|wuerde)(?: gerne| lieber| einfach| nur)* (?:nicht mehr leben|sterben${unless('vor')}|tot sein|mich umbringen|mir das leben nehmen|mich toten)`,
        'ich (?:bringe|bring) mich(?: jetzt| heute| bald| noch)? um', '(?:mir|sich) das leben (?:zu )?nehmen', ...naming('selbstmord[a-z]*', 'suizid[a-z]*'), 'lebensmude',
        '(?:keinen|kein) (?:sinn|grund) mehr (?:zu leben|weiterzuleben)',
        `(?:wunsche|wuensche|will|mochte|moechte|hoffe|wurde gerne|wuerde gerne)${words(4)} nicht mehr (?:aufwachen|aufzuwachen)`,
        'mich (?:umzubringen|selbst zu toten|zu toten|umbringen)', 'ritze mich', 'geritzt', 'mich (?:ritzen|zu ritzen|selbst verletzen|selbst zu verletzen)',
        ...pillsHoarded('tabletten|schlaftabletten|medikamente|pillen', 'alle|auf einmal', 'nehmen|schlucken', 'gesammelt|gehortet|zuruckgelegt'),
      ],
      es: [
        `(?:quiero|quisiera|voy a|pienso en|ganas de|deseo) (?:solo |solamente |realmente |de verdad )?(?:morir(?:me)?${unless(DYING_OF)}|matarme|desaparecer para siempre)`,
        `me (?:quiero|voy a) (?:morir${unless(DYING_OF)}|matar${unless(DYING_OF)}|suicidar)`, `no quiero (?:seguir )?(?:vivir|viviendo)${unless('aqui|alli|ahi|en|con|cerca|solo|sola|lejos')}`,
        '(?:quitarme|acabar con) (?:la|mi) (?:propia )?vida', ...naming('autolesion[a-z]*'), 'hacerme dano',
        'me (?:corte|corto|cortaba|he cortado|estoy cortando)(?: otra vez| de nuevo)? (?:los|las|el|la|mis) (?:brazos|munecas|piernas|muslos|venas)',
        `me (?:estoy cortando|sigo cortando|volvi a cortar|he vuelto a cortar)(?: otra vez| de nuevo)?${unless('el|la|los|las|con|un|una|pelo|en la cocina|cocinando')}`,
        ...pillsHoarded('pastillas|medicamentos', 'todas|todos|de una vez', 'tomar|tomarme|tomarlas', 'guardado|guardadas'),
      ],
      it: [
        `(?:voglio|vorrei|penso di|ho voglia di) (?:solo |soltanto |davvero |proprio )?(?:morire${unless('dal|di|dalla|dalle')}|uccidermi|ammazzarmi|farla finita${END})`,
        `non voglio piu vivere${unless('in|a|al|con|qui|li|la|da|vicino|lontano|senza|cosi')}`, 'togliermi la vita', 'sparire per sempre', `(?:meglio|vorrei|voglio)${words(3)} (?:non esserci piu|non svegliarmi piu)`,
        'mi (?:taglio|tagliavo|sono tagliat[oa])(?: [a-z]+){0,2} (?:le|i) (?:braccia|polsi|gambe|cosce)',
        ...pillsHoarded('pillole|compresse|farmaci|sonniferi', 'tutte|tutti', 'prendere|ingoiare', 'conservate|messe da parte'),
      ],
      pt: [
        `(?:quero|vou|penso em|pensando em|pensei em|pensar em|vontade de) (?:so |apenas |mesmo |realmente )?(?:morrer${unless(DYING_OF)}|me matar${unless(DYING_OF)}|matar me${unless(DYING_OF)}|tirar (?:a )?minha (?:propria )?vida)`,
        'nao quero mais viver', '(?:acabar com|tirar) a (?:minha )?(?:propria )?vida', 'fazer mal a mim (?:mesmo|mesma)',
        'me (?:cortei|corto|cortando)(?: [a-z]+){0,2} (?:os|as|meus|minhas) (?:bracos|pulsos|pernas)',
        ...pillsHoarded('comprimidos|remedios', 'todos|todas|de uma vez', 'tomar|engolir', 'juntado|guardado'),
      ],
      nl: [
        'ik wil (?:dood|niet meer leven|er niet meer zijn)', 'er een eind(?:e)? aan (?:te )?maken', 'een eind(?:e)? aan mijn leven', 'mezelf iets aan(?:doen| te doen)',
        ...naming('zelfmoord[a-z]*'), 'mezelf (?:doden|ombrengen|van kant maken)',
        ...pillsHoarded('pillen|tabletten|medicijnen|slaappillen', 'allemaal|tegelijk', 'innemen|slikken', 'gespaard|verzameld'),
      ],
    },
    signs: [],
  },
  {
    category: 'harassment',
    concern: 'Harassment or mistreatment',
    weight: 0.7,
    crisis: [
      // Naming it
      ...naming('har+as+[a-z]*', 'bull(?:y|ied|ies|ying|yed|ys)', 'mobbing', 'mobbed', 'abusive', 'abusers?'), 'abus(?:e|es|ed|ing) (?:me|us)', 'abuse (?:from|by)', '(?:i|we) (?:am|are|was|were|have been|had been|feel|felt|get|got|keep getting)(?: being)? abused',
      '(?:verbal(?:ly)?|sexual(?:ly)?|emotional(?:ly)?|physical(?:ly)?|racial(?:ly)?) (?:abuse|abused|abusing|abusive|assault|assaulted)',
      ...naming('discriminat(?:ed|ion|ing|ory|es)', 'racis[mt]', 'sexis[mt]', 'homophob[a-z]*', 'transphob[a-z]*', 'misogyn[a-z]*', 'slurs?'),
      // English forms only: "molesto" is Spanish for annoyed
      ...naming('rap(?:e|ed|ing|ist)', 'molest(?:ed|ing|er|ers|ation|s)?'), 'grop(?:e|ed|es|ing)', 'fondl(?:e|ed|es|ing)',
      'assault(?:ed|ing|s)? (?:me|my)', ...naming('sexual assault'), '(?:was|been|got|being) (?:physically |sexually )?assaulted',
      ...naming('hostile (?:work )?environment'), `asking me out${words(4)} (?:i said no|i say no|said no|i refused|i declined|i told (?:him|her|them) no|i am not interested|i was not interested)`,
      '(?:keeps|kept|will not stop|would not stop|does not stop|did not stop) (?:asking me out|hitting on me)',
      `(?:make|makes|making|made) fun of my ${TRAITS}`, `(?:mock|mocks|mocked|mocking|ridicule|ridicules|ridiculed|ridiculing|imitates|imitated|imitating|laughs at|laughed at|laughing at) my ${TRAITS}`,
      `(?:call|calls|called|calling) me${words(2)} ${SLURS}`, `(?:call|calls|called|calling|use|uses|used|using|say|says|said|saying|shout|shouts|shouted|yell|yells|yelled)${words(3)} (?:the )?n word`,
      'monkey (?:noises|sounds|chants|gestures)', ...naming('hidden camera'), '(?:camera|phone) (?:hidden )?in the (?:toilets?|bathrooms?|changing rooms?|showers?|locker rooms?|ladies)', 'upskirt[a-z]*',
      '(?:filmed|filming|photographed|recorded) me (?:in the (?:toilet|shower|changing room|bathroom)|undressing|changing|without (?:my )?(?:consent|permission|knowing))',
      `(?:touch|touched|touches|touching|kissed|kisses|kissing|hugged|hugs|grabbed|groped|filmed)${words(3)} without (?:my )?(?:consent|permission|asking)`,
      `(?:promotion|promoted|raise|contract|job|bonus|reference|approve|sign off|hire|hired|keep my job)${words(8)} (?:if i|i should|i have to|i need to|i must|i would have to|unless i)(?: just)? (?:slept|sleep|would sleep|had sex|went to bed|go to bed|went out|go out|went on a date|go on a date|was nice|am nice|were nice|would be nice|be nice|kissed|kiss)`,
      `(?:lose my job|fire me|get fired|be fired|demote me|sack me|be sacked)${words(4)} if i (?:did not|do not|would not|will not|refused to|refuse to) (?:go out|go on a date|date|sleep|have sex|kiss|meet (?:him|her) (?:alone|after))`,
      `if i ${SPEAKING_UP}${words(4)} (?:he|she|they) (?:will|would|is going to|are going to|is gonna)${words(3)} (?:make sure|ruin|fire|destroy|hurt|end|regret|pay|get me|kill|beat)`,
      `(?:said|told me|says|warned|threatened|yelled|screamed|shouted)${words(2)} you (?:will|are going to|would) (?:regret|pay for) (?:this|it|that)`,
      `(?:since|after|ever since) i (?:reported|complained|spoke up|went to hr|raised a grievance|filed a complaint|blew the whistle)${words(10)} (?:scream|yell|shout|ignor|exclud|punish|threat|demot|bull|harass|isolat|target|retaliat)[a-z]*`,
      'beat (?:the )?(?:shit|crap|hell|living daylights|life) out of me', 'shoot up (?:the|this|our) (?:office|place|building|warehouse|site|workplace|company|school)',
      `(?:bring|bringing|brought|bring in|carrying|carries) a (?:gun|knife|weapon|machete|blade)${words(3)} (?:to|into) (?:work|the office|the site|the warehouse|sort|deal with|get|hurt|kill|stab|shoot|use)`,
      `(?:every time|each time|after|even after|even though|although|since|when) i (?:blocked|block) (?:him|her|them)`, 'new accounts? (?:every time|each time|after|since) i block',
      `(?:because|since) i (?:will|would|might|could|am going to)(?: just)? (?:get|become) pregnant`, '(?:women|girls|females) (?:should not be|do not belong|are not (?:good|smart|cut out))',
      `(?:says|said|tells me|told me|keeps telling me|calls me)${words(1)} (?:i am )?too old to (?:understand|learn|keep up|be promoted|get promoted|work here|do this job|change|adapt)`, '(?:push|pushing|force|forcing|get|getting) me out (?:before|because)',
      `${PERSON}${words(4)} (?:pushed|pushes|pushing) me(?:${END}| (?:against|into|onto|down|over|aside|away|out of the way|to the (?:ground|floor)))`, ...naming('blackmail[a-z]*', 'retaliat(?:e|ed|es|ing|ion)'), 'gaslight(?:s|ed|ing) me', 'kill yourself',
      // Touching, grabbing, being hit
      `${PERSON}${words(4)} (?:touch|touches|touched|touching|grab|grabs|grabbed|grabbing|hit|hits|hitting|punch|punched|punches|punching|slap|slapped|slaps|slapping|kick|kicked|kicks|kicking|shove|shoved|shoves|shoving|choke|choked|chokes|choking|strangled|spat on|spit on|kiss|kissed|kisses|kissing|rubbed|rubs|rubbing|pinched|pinches|pinching|spanked|smacked|smacks|beat|beats|beating|cornered|corners|cornering|trapped|stalks|stalked|stalking|follows|followed|licked|sniffed) (?:me|my)${unless('up|out|to|about|back|in on|with (?:a|an|the|some|this|that|her|his|their|more)(?! (?:bat|stick|belt|chair|book|hand|fist|bottle|stapler|cup|mug|laptop|phone|keyboard|shoe|pen)(?![a-z]))|on (?:linkedin|twitter|instagram|social media|x|github|slack)|(?:a|an|some) (?:coffee|tea|drink|sandwich|seat|chair|copy|message|email|note|link|beer|snack|lunch)|lunch|coffee|something|deeply|emotionally|so much|with (?:her|his|their) (?:kind |lovely |thoughtful )?(?:words|kindness|speech|message|note|gesture|story|generosity)')}`,
      `(?:touch|touches|touched|touching|grabbed|grabbing|grabs) my ${BODY}`,
      `(?:was|got|been|being|get) (?:hit|slapped|punched|kicked|beaten|beat up|attacked|strangled|choked|shoved|spat on|groped|grabbed|touched|cornered|pushed)${words(2)} by (?:him|her|them|someone|somebody|my [a-z]+|a (?:colleague|coworker|co worker|customer|client|manager|boss|supervisor|man|guy|woman|teammate|senior|contractor)|the (?:manager|boss|supervisor|customer|client|man|guy|woman))`,
      'beat me up', 'beats me up', `(?:grabbed|grabs|grabbing) me${unless('a|an|some|lunch|coffee|tea|something|one|dinner|breakfast')}`,
      '(?:made|makes|making) (?:a pass|passes|sexual advances|advances) (?:at|on|towards) me', '(?:pushed|shoved|pinned|slammed|threw) me (?:against|into|onto|to the (?:wall|floor|ground))',
      // Sexual comments and advances
      '(?:sexual|sexually|inappropriate|unwanted|dirty|lewd|crude|explicit|suggestive|creepy|pervy|unwelcome) (?:comments?|remarks?|jokes?|advances?|touch[a-z]*|messages?|texts?|photos?|pictures?|pics|emails?|behaviou?r|contact|attention|gestures?|questions?|innuendos?|propositions?|favou?rs?|kiss[a-z]*|hugs?|hugging|looks?|staring|explicit|suggestive)',
      `(?:touch|touched|touches|touching|grabbed|kissed|hugged|hugs|kisses|treats|treated|behaved|behaves|acted|acts|talks|talked|speaks|spoke|stares|stared|looks|looked|texts|texted|messages|messaged|commented|comments)${words(3)} inappropriately`,
      `(?:comments?|commenting|commented|remarks?|remarking|jokes?|joking) (?:about|on) my (?:body|breasts?|chest|boobs|figure|looks|appearance|butt|ass|arse|legs|weight|skin|race|religion|accent|sexuality|gender|${BODY})`,
      '(?:sent|sends|sending|showed|shows|showing) me (?:nudes|naked|explicit|porn[a-z]*|dick pics?|sexual|sexy|inappropriate)', 'dick pics?', 'nudes',
      '(?:asked|asks|wants|wanted|pressured|pressuring|pressures|told|expects|expected) me (?:to|for) (?:sleep with|have sex|sex)',
      'sleep with (?:him|her|them|the boss|my boss|my manager) (?:to|for|or|if)',
      '(?:if|unless) i (?:did not|do not|would not|will not|refuse to|refused to|did not want to) (?:sleep with|have sex with|go out with|date|kiss|sleep over with) (?:him|her|them)',
      // Threatened for speaking up
      `(?:said|says|told me|tells me|warned|warns|threatened|threatens|hinted)${words(3)} (?:that )?(?:i would|i will|i am going to|i will be|i would be|i d)? ?(?:regret it|be sorry|pay for it|lose my job|be fired|get fired|be let go|be out) if i ${SPEAKING_UP}`,
      `(?:get me fired|fire me|have me fired|ruin me|ruin my career|make my life hell|destroy me) if i ${SPEAKING_UP}`,
      `(?:exclud|ignor|mock|laugh|jok|treat|fire|demot|bull|target|insult|pick|pass|call)[a-z]*${words(8)} (?:because|for being|since) (?:i am|of my|im) (?:gay|lesbian|bi|bisexual|queer|trans|transgender|black|brown|asian|muslim|jewish|hindu|sikh|a woman|female|pregnant|disabled|autistic|foreign|an immigrant|too old|a muslim|catholic|christian|black|roma)`,
      `(?:put|puts|putting|placed|places|rested|rests|kept|keeps|ran|runs) (?:his|her|their|a) hands? (?:on|up|down|under|inside|around|along) my ${BODY}`, ...naming('quid pro quo', 'sexual favou?rs?'),
      '(?:hits|hitting|hit) on me', ...naming('catcall[a-z]*', 'wolf whistl[a-z]*'), '(?:forced|forces|forcing) (?:himself|herself|themselves) on me', 'tried to kiss me',
      // Bullying, humiliation
      '(?:humiliat(?:es|ed|ing)|mocks|mocked|mocking|ridicules|ridiculed|ridiculing|belittles|belittled|belittling) me', 'publicly humiliat[a-z]*',
      '(?:call|calls|called|calling) me (?:names|(?:a |an )?(?:[a-z]+ )?(?:idiot|moron|retard|bitch|slut|whore|cunt|failure)|stupid|an idiot|idiot|worthless|useless|fat|ugly|a slut|a bitch|retarded|dumb|incompetent|lazy|a [a-z]+ slur)',
      '(?:spread|spreading|spreads) (?:rumou?rs|lies) about me',
      // Threats, stalking, feeling unsafe
      ...naming('threaten[a-z]*', 'death threats?'), 'threats? (?:to|of) (?:hurt|kill|beat|harm|violence|rape|shoot)',
      '(?:said|says|told me|warned me|warned|texted|wrote|promised|swore|threatened) (?:that )?(?:he|she|they|he is|she is|they are)? ?(?:would|will|is going to|was going to|were going to|going to|want to|wants to|wanted to) (?:hurt|kill|beat|hit|punch|shoot|stab|rape|harm|strangle|slap|attack) (?:me|my|us)',
      'stalk(?:s|ed|ing)? (?:me|my)', ...naming('stalkers?'), '(?:being|been|was) stalked',
      '(?:follows|followed|following) me (?:home|to my car|to the car|to the car park|to the parking|after work|everywhere|around)',
      '(?:waiting|waits|waited) for me (?:outside|after work|at my car|at my house|at my home)', '(?:show|shows|showed|showing|turn|turns|turned|turning) up (?:at|outside) my (?:house|home|flat|apartment|door|place)',
      '(?:waiting|waits|waited|been waiting) (?:for me )?(?:by|at|next to|near|outside) my (?:car|house|home|flat|apartment|door)',
      '(?:follows|followed|following) me (?:to|into) (?:the )?(?:toilets?|bathroom|loo|ladies|lift|station|my house|my flat)', '(?:scared|afraid|frightened|terrified) to (?:leave|go (?:home|out|outside|to my car)|walk to my car|be alone)',
      '(?:knows|found out) (?:which school|where) my (?:kids|children|son|daughter|family|wife|husband|partner)', '(?:describing|describes|described|commenting on|comments on|commented on) what i am wearing',
      '(?:pictures?|photos?|pics|images|videos?) of (?:his|her|their) (?:genitals|penis|dick|cock|privates|private parts|naked body|crotch|breasts|boobs)',
      'shoot (?:the|this|our) (?:place|office|building|warehouse|site|workplace|company|school) up', '(?:drew|drawn|left|hung|put|painted|scratched|found|carved|tied) a noose',
      'go back to (?:your|where you) (?:own )?(?:country|come from)', '(?:spat|spit|spits|spitting) (?:at|on) me',
      '(?:not|never) feel(?:ing)? safe', 'feel(?:ing|s)? unsafe', 'unsafe (?:at work|in the office|at the office|around|with him|with her|near)', '(?:i am|felt) (?:really |so |very )?(?:unsafe|not safe)',
      '(?:scared|afraid|frightened|terrified) of (?:him|her|them|my (?:manager|boss|supervisor|colleague|coworker|co worker|lead|team lead|director)|a (?:colleague|coworker|co worker))',
      'intimidat(?:es|ed|ing) me', 'intimidated by (?:him|her|them|my)',
      '(?:scared|afraid|frightened|terrified) (?:to (?:come|go|get) (?:in|back )?(?:to|into) (?:work|the office)|to be alone (?:with|around)|of what (?:he|she|they) (?:will|might|could) do)',
      'knows where i live', 'watch (?:my|your) back', '(?:make|making|made) (?:me|you) (?:pay|regret)',
      // Coercion and exposure
      '(?:forced|forces|forcing|made|makes|making|pressured|pressures|pressuring|tried to make|tries to make) me (?:to )?(?:kiss|touch|hug|sleep with|have sex|undress|strip|sit on|watch porn|send (?:nudes|photos|pictures))',
      'expos(?:ed|es|ing) (?:himself|herself|themselves)', '(?:flashed|flashes) (?:me|us)',
      '(?:pressures|pressured|pressuring|keeps asking|kept asking|keeps pushing|kept pushing|will not stop asking) me (?:for|to go on|to go out on|into|out on) (?:dates?|a date|drinks|sex|going out)',
    ],
    abroad: {
      fr: [
        ...naming('harcel[a-z]*', 'agression sexuelle'), 'agressee? sexuellement', 'menaces? de mort',
        `me (?:touche|touchait|a touche|tripote|a tripote|pelote|caresse|a caresse)(?: [a-z]+){0,2} (?:les fesses|la poitrine|les seins|la cuisse|les cuisses|le cul|les jambes)`,
        `si je (?:parle|dis quelque chose|le signale|porte plainte)${words(2)} (?:je perds|je vais perdre|il me vire|elle me vire|je serai vire)`,
      ],
      de: [...naming('belastig[a-z]*'), 'begra[bp]scht', 'betatscht', 'mich (?:angefasst|festgehalten|geschlagen|bedroht)', 'morddrohung(?:en)?'],
      es: [
        ...naming('acoso (?:laboral|sexual)'), 'me acosa(?:n)?', 'acosad[oa]', 'amenaza(?:s|do|da)? de muerte', `si no (?:salgo|me acuesto|duermo|ceno|quedo) con (?:el|ella)`,
        `(?:me )?(?:toco|tocaba|toca|beso|abrazo|agarro|manoseo|manosea|grabo)${words(4)} sin (?:mi )?(?:permiso|consentimiento)`, 'me (?:manosea|manoseo|manoseaba)',
      ],
      it: [...naming('violenza sessuale'), '(?:minacciat[oa]|minacce|minaccia) di morte'],
      pt: ['ameaca(?:s|do|da)? de morte'],
      nl: [...naming('ongewenste intimiteiten', 'intimidatie'), 'doodsbedreiging(?:en)?', 'seksueel (?:getinte|intimiderend|lastig)', 'ongewenste? (?:aanrakingen|seksuele)'],
    },
    signs: [],
  },
  {
    category: 'burnout',
    concern: 'Burnout',
    weight: 0.55,
    // Said outright; being tired or overwhelmed is a conversation, not an emergency.
    crisis: [
      ...naming('burn(?:ed|t|ing)? out', 'burnout'), 'breaking point', 'end of my (?:rope|tether)', 'at my (?:absolute )?limit',
      `(?:collapsed|passed out|fainted)${words(3)} (?:from|with|due to|because of) (?:exhaustion|stress|overwork|work)`, 'my body is (?:giving up|shutting down|breaking down)',
      '(?:totally|completely|utterly) broken', `need to be signed off${END}`, 'end of what i can (?:take|handle|bear)', '(?:throw|throwing|threw) up (?:before|every morning before) (?:my )?(?:shift|work)',
      '(?:heading for|going to have|close to) a (?:heart attack|stroke)', `(?:completely|totally|absolutely) at the end${END}`,
      `can not keep (?:going|doing this|working)(?: like this)? (?:for )?(?:even )?(?:one|another) more (?:week|day|month|shift)`, 'nothing left (?:to give|in the tank)', `i have nothing left${END}`, `chest pains? (?:from|because of|due to) (?:the )?(?:stress|work|pressure|anxiety)`,
      `(?:mentally|emotionally) (?:i am )?(?:done|broken|finished|wrecked)${END}`,
      ...naming('(?:mental|nervous|emotional) (?:breakdown|collapse)'), '(?:having|had|have|close to|near|verge of|heading for|about to have) a breakdown',
      'can not (?:take|handle|cope|do|deal with|stand|bear)(?: it| this| with it| with this| this job| the pressure| the stress| the workload| work)? (?:anymore|any longer)',
      // Panic, collapse and days without sleep: the body saying it
      `i (?:had|have had|have been having|keep having|am having|was having|just had|keep getting|get)(?: (?:a|another|two|three|my third|my second|a bad|a massive|a full blown|such a bad|a huge|a severe))? (?:panic|anxiety) attacks?${unless('in (?:19|20)[0-9]{2}|years ago|as a (?:kid|teen|teenager|child|student)|when i was|in the past|at university|at school')}`,
      `(?:another|second|third|fourth|fifth|daily|constant|nonstop|non stop) (?:panic|anxiety) attacks?${unless('for (?:him|her|them|my (?:son|daughter|kid|child|mum|mom|dad|partner|wife|husband))')}`,
      `(?:panic|anxiety) attacks? (?:every|each) (?:day|morning|night|shift|week)`,
      `i (?:collapsed|fainted|passed out|blacked out|keep blacking out|keep fainting|keep passing out)${words(2)} ${AT_WORK}`,
      `(?:not|have not|barely|hardly|never) slept (?:in|for) (?:days|weeks|[2-9] days|two days|three days|four days|five days|a week)`,
      `(?:have not|not|barely|hardly|never) slept more than (?:an hour|one hour|two hours|three hours|[1-3] hours?)`,
      `(?:been )?awake for (?:basically |almost |nearly )?(?:[2-9]|two|three|four|five) (?:days|nights)`,
      `i (?:cry|cried|am crying|have been crying|keep crying|end up crying)${words(4)} every (?:single )?(?:day|morning|night|shift|lunch|break)`,
      `(?:crying|cried|cry|sobbing|hiding)${words(2)} ${AT_WORK}${words(3)} every (?:single )?(?:day|morning|shift|lunch|break)`,
      `(?:vomit|vomiting|vomited|throw up|throwing up|threw up|being sick)${words(3)} (?:every|each) (?:single )?(?:morning|day) before (?:work|my shift|logging on|logging in|i log on|coming in|i come in)`,
      `(?:falling|fallen|fell) asleep (?:at the wheel|driving|while driving)`,
    ],
    abroad: {
      fr: [...naming('epuisement professionnel'), '(?:je suis a bout|je craque)'],
      de: ['ausgebrannt', '(?:kurz )?vor dem zusammenbruch', `ich kann nicht mehr${END}`],
      es: ['estoy (?:completamente |muy |totalmente )?quemad[oa]', `no puedo mas(?: con (?:este|esta|mi|el|la|esto)|${END})`],
      it: ['non ce la faccio piu', ...naming('esaurimento (?:nervoso|emotivo)')],
      pt: ['nao aguento mais', ...naming('esgotamento')],
      nl: ['opgebrand', `ik kan niet meer${END}`],
    },
    signs: ['exhaust[a-z]*', 'overwhelm[a-z]*', 'can not cope', 'drained', 'running on empty', 'worn out', 'no energy', 'frazzled', '(?:spread|stretched) too thin', 'falling apart'],
  },
  {
    category: 'leaving',
    concern: 'Thinking of leaving',
    weight: 0.45,
    crisis: [],
    signs: [
      'quit(?:s|ting)?', 'resign[a-z]*', 'leav(?:e|ing) (?:the company|this company|this job|my job|this place|the team|this team)',
      'looking for (?:a )?(?:new |another |different )?(?:job|role|position)', 'job (?:hunt|search)[a-z]*', 'hand(?:ing|ed)? in my notice',
      'two weeks notice', '(?:updating|updated|update) my (?:cv|resume|linkedin)', 'interview(?:ing|ed|s)? (?:elsewhere|at another|with another|for another|at other|for other)',
      '(?:another|other|a new) (?:job )?offers?', '(?:thinking|considering|thought) (?:of|about) (?:leaving|quitting|moving on)', 'want out',
      'do not want to (?:work|be) here',
    ],
  },
  {
    category: 'stress',
    concern: 'Stress and anxiety',
    weight: 0.35,
    crisis: [],
    signs: [
      'stress[a-z]*', 'anxi[a-z]*', 'tired', 'can not sleep', 'not sleeping', 'insomnia', 'pressure', 'worried', 'worrying', 'panic[a-z]*',
      'nervous', 'on edge', 'dread[a-z]*', 'depress(?:ed|ion|ing)', 'hopeless', 'miserable', 'crying', 'cried', 'struggling', 'low mood',
    ],
  },
  {
    category: 'workload',
    concern: 'Workload and long hours',
    weight: 0.3,
    crisis: [],
    signs: [
      'late', 'overtime', 'weekends?', 'workload', 'too much work', '(?:long|extra|more|crazy|insane) hours', 'hours a (?:day|week)',
      'deadlines?', 'no time', 'working (?:nights|evenings)', 'too many (?:tasks|projects|meetings)', 'understaffed', 'swamped', 'snowed under',
      'drowning in (?:work|tasks|emails|tickets)',
    ],
  },
  {
    category: 'manager_conflict',
    concern: 'Conflict with manager',
    weight: 0.3,
    crisis: [],
    signs: [
      `(?:manager|boss|supervisor|team lead|lead)${words(6)} (?:ignor[a-z]*|unfair[a-z]*|yell[a-z]*|shout[a-z]*|scream[a-z]*|micromanag[a-z]*|conflict[a-z]*|blam[a-z]*|undermin[a-z]*|critici[sz][a-z]*|does not listen|never listens|dismiss[a-z]*)`,
      '(?:conflict|clash(?:es|ed|ing)?|arguments?|arguing|argued|fights?|fighting|problems?|issues?|tension) with (?:my )?(?:manager|boss|supervisor|team lead|lead)',
      'micromanag[a-z]*', '(?:yells|yelled|yelling|shouts|shouted|shouting|screams|screamed|screaming) at me',
    ],
  },
  {
    category: 'recognition',
    concern: 'Lack of recognition',
    weight: 0.25,
    crisis: [],
    signs: [
      'unnoticed', 'unappreciated', 'no recognition', 'not recogni[sz]ed', 'ignored', 'credit(?! card)', 'undervalued', 'not valued', 'overlooked',
      'passed over', 'never (?:thanked|acknowledged|recogni[sz]ed|appreciated)', '(?:no one|nobody) (?:notices|appreciates)', 'taken for granted',
    ],
  },
  {
    category: 'isolation',
    concern: 'Isolation',
    weight: 0.25,
    crisis: [],
    signs: ['lonely', 'loneliness', 'alone', 'isolat[a-z]*', 'left out', 'excluded', 'no friends', '(?:no one|nobody) talks to me', 'no one to talk to', 'on my own'],
  },
];
