/**
 * The one vocabulary of crisis and risk language. Every phrase is written against
 * `normalise()`d text: lower case, contractions spelt out ("do not", "can not", "i am"),
 * no apostrophes, hyphens as spaces, clause punctuation as a " . " token.
 */

/** Up to n more words inside the same clause. */
const words = (n: number) => `(?: [a-z0-9]+){0,${n}}`;
/** The end of a clause: the phrase is not followed by more words of the same sentence. */
const END = '(?= \\.|$)';
/** Words that say the speaker means to do something to themselves. */
const INTENT = `(?:want|wanted|wanting|going|plan|planning|planned|thinking|thought|think|urge|urges|tempted|like|started|start|keep|kept|been|tried|try|trying|might|will|would|could|should|need|needed|wish|ready)${words(2)}`;
/** Someone who can mistreat an employee. */
const PERSON =
  '(?:he|she|they|someone|somebody|him|her|them|man|guy|woman|manager|boss|supervisor|colleague|colleagues|coworker|coworkers|co worker|co workers|client|customer|lead|director|teammate|senior|ceo|contractor)';
const BODY = '(?:leg|legs|thigh|thighs|butt|ass|arse|bum|breast|breasts|chest|boobs|body|waist|hips?|crotch|privates|private parts|knee|neck|face|hair|bottom|behind)';
const PILLS = '(?:pills|tablets|meds|medication|medicine|sleeping pills|painkillers|pain killers|paracetamol|tylenol|ibuprofen|antidepressants|insulin)';

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

export interface VocabularyEntry {
  category: SafetyCategory;
  /** The words HR reads in reports, alerts and escalations. */
  concern: string;
  /** How much the sign weighs on a report's risk score. */
  weight: number;
  /** Phrases raised to HR at once. */
  crisis: string[];
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
      'suicid[a-z]*', 'suicdal', 'sucid(?:e|al)', 'suisid(?:e|al)', 'suiside', 'suicde', 'sucicidal', 'suacidal', 'unaliv[a-z]*',
      'self (?:harm[a-z]*|injur[a-z]*|mutilat[a-z]*)', 'selfharm[a-z]*',
      // Ending it
      '(?:kill|killing|killed|end|ending|off|offing|hang|hanging|shoot|shooting|drown|drowning|poison|poisoning|stab|stabbing|starve|starving) myself',
      '(?:kill|end|take|taking|ending|killing|took) (?:my|my own) life',
      'end(?:ing)? it all', 'end(?:ing)? everything',
      `(?:want|going|thinking about|think about|thought about|ready|plan|planning|decided|tempted|about|just want|need) to end (?:it|things)(?: all| now| tonight| today| soon| for good| forever)?${END}`,
      `thinking (?:about|of) ending (?:it|things)${END}`,
      `(?:want|wish|need) (?:it all|everything|all of this|the pain|my life|it|this) to (?:end|stop|be over)${END}`,
      `(?:plan|planning|planned|thinking about|thought about|think about|considering|researching|looked up|looking up|googled|googling) (?:how to|ways to) (?:die|kill|end it|overdose)`,
      // Not wanting to live, to be here
      '(?:do not|does not|did not|not|never|no longer|can not|could not) (?:really |even |just |actually )?(?:want|wish|care|feel like) to (?:live(?! (?:in|at|with|near|there|here|abroad|on|by|somewhere|closer|far|next|so|off|out|alone|together))|be alive|exist|wake up|keep living|go on living|carry on living|be around)',
      `(?:do not|does not|not|never|no longer) (?:really |even |just |actually )?(?:want|wish) to (?:go on|keep going|carry on)(?: like this| anymore| any longer| living)*${END}`,
      '(?:do not|does not|not|never|no longer) (?:really |even |just |actually )?(?:want|wish) to be here(?! (?:at|in|on|for|when|with|until|after|during|tomorrow|today|tonight|next|this|that|doing|working|to|all|every|early|late))',
      '(?:want|wanted|wanting|wish|wished|like|ready|need|deserve) to (?:die|be dead|not exist|stop existing|not be alive|not wake up|never wake up|sleep forever|go to sleep forever|not be here)',
      'feel like dying', 'rather be dead', 'better (?:off )?dead',
      '(?:wish|wished) i (?:was|were|could be|had been) (?:dead|never born|not alive|not here|gone|not born)',
      '(?:wish|wished) i (?:could|would) (?:just )?(?:die|disappear|not wake up|stop existing|not exist|fall asleep and never wake up)',
      '(?:hope|hoping|pray|praying) (?:that )?i (?:do not|never|will not) wake up',
      '(?:go|fall|went|sleep) (?:to sleep )?and (?:never|not) wake up',
      '(?:should|ought to) (?:just )?(?:die|be dead)',
      `want to (?:just )?disappear(?: forever| for good| permanently| from (?:the world|this world|everything|existence|earth))?${END}`,
      'disappear (?:forever|for good|permanently)', 'disappear and never (?:come back|return|be found)',
      'wish i (?:did not|could not|would not|never) (?:exist|existed|wake up|woke up|been born)',
      // Better off gone
      'better off (?:gone|without me|if i (?:was|were|am) (?:not|never|dead|gone)|if i (?:died|disappeared|did not exist|never existed))',
      '(?:no one|nobody) (?:would|will) (?:even )?(?:miss me|notice if i|care if i|notice when i|miss me when)',
      '(?:i am|i am just|i am only|i feel like|feel like i am|i feel) (?:such |just |only )?a burden(?: (?:to|on) (?:everyone|everybody|my family|others|the world|people|them|my kids|my wife|my husband|my partner|my parents|my friends)|' + END + ')',
      // No reason, no point, can not go on
      '(?:no|any) (?:reason|point|will|desire|purpose) (?:to |in |for )?(?:live|living|go on|going on|keep going|carry on|carrying on|be alive|being alive|being here|get up|getting up|wake up|waking up|continue|continuing|existing|exist)(?! (?:with|about|and|at|to))',
      'nothing (?:left )?to live for', 'not worth living', 'life (?:is|feels) (?:not worth it|pointless|meaningless|worthless|hopeless|not worth living)',
      '(?:what is|whats) the point (?:of|in) (?:living|life|going on|being alive|anything|it all|me|existing|even trying anymore)',
      `(?:what is|whats) the point anymore${END}`,
      'point (?:in|of) (?:living|being alive|existing|going on)(?! (?:in|at|with|here|there|abroad|about|with))',
      'no (?:reason|point) for me to (?:live|go on|keep going|be here|be alive|exist|get up)',
      '(?:might|may) as well (?:be dead|die|kill myself|not exist|not be here)',
      '(?:not|not going to|will not) be (?:around|here) (?:much|for much|for very much) longer',
      `can not (?:go on|carry on|keep going|keep living|live)(?: like this| anymore| any longer| living| with this)*${END}`,
      '(?:tired|sick) of (?:living|life|being alive|existing)',
      '(?:done|finished) with (?:life|living|everything|it all|this world|being alive)',
      '(?:give|giving|gave|given) up on (?:life|living|myself|everything)',
      '(?:see|is|there is) no way out', '(?:do not|can not|could not|never) see (?:a|any) way out',
      // Goodbye letters, pills, cutting, methods
      'goodbye (?:letters?|notes?|forever|world|cruel world)', '(?:suicide|farewell|last|final) (?:letters?|notes?) (?:to|for) (?:my|everyone|everybody)',
      '(?:wrote|written|writing|write|left|leave|leaving) (?:a|my) (?:goodbye|farewell|last|final) (?:letter|letters|note|notes)',
      'saying goodbye to (?:everyone|everybody|you all)(?: for good| forever)', `this is (?:my|me saying) (?:final |last )?goodbye${END}`,
      '(?:wrote|written|writing|write)(?: a| my| some)? (?:goodbye |farewell |last |final )?(?:letters?|notes?) (?:to|for) (?:my (?:family|kids|wife|husband|partner|parents|children|loved ones)|everyone|everybody)',
      'overdos[a-z]*',
      `(?:took|take|taking|swallow|swallowed|swallowing|downed|downing) (?:all|a lot|lots|too many|loads|a bunch|a handful|handfuls|a whole bottle|the whole bottle|the rest|every one)(?: of)?(?: my| the| these| those| all| of)* ${PILLS}`,
      `(?:stockpiling|stockpiled|saving|saved|hoarding|hoarded|collecting|collected) (?:up )?(?:my |the |some )?${PILLS}`,
      `${PILLS} (?:saved|stockpiled|hoarded|stashed)(?: up| away)?`,
      `(?:harm|hurting|harming|cutting|burning|punishing) myself(?! (?:on|while|by accident|accidentally|shaving|cooking|in the kitchen|playing|at the gym|at football|training))`,
      `${INTENT} (?:hurt|harm|cut|burn|punish) myself`,
      '(?:cut|cutting|slit|slash|slashing|slitting) my (?:wrists?|arms?|thighs?|legs?|skin|veins?|throat)', 'cutting again', 'started cutting',
      'jump(?:ing)? (?:off|from|in front of) (?:a|the|my) (?:bridge|roof|building|cliff|balcony|train|window|ledge|car park|parking garage|tower)',
      '(?:throw|throwing) myself (?:off|under|in front of|from)', '(?:step|stepping|walk|walking|lie|lying|jump|jumping) in front of (?:a|the) (?:train|bus|car|truck|lorry)',
      'noose', '(?:gun|pistol|knife|blade) to my (?:head|throat|wrist|wrists)', 'drive (?:my car )?(?:off|into) (?:a|the) (?:bridge|cliff|wall|tree|river)', 'crash my car on purpose',
      `how many ${PILLS} (?:it would take|would it take|it takes|does it take|to (?:die|overdose|end it|not wake up))`,
      `${INTENT} (?:drive|driving|drove|swerve|swerving|steer|steering|walk|walking|step|stepping|run|running|jump|jumping) (?:my car )?into (?:oncoming )?traffic`,
      `(?:easier|better|simpler|happier|relieved)${words(4)} if i (?:(?:was|were) (?:dead|gone|not (?:here|around|alive)|never born)|died|disappeared|killed myself)`,
      'hurt myself (?:again|on purpose|deliberately|intentionally|every night|every day|last night again)',
      `end(?:ing)? it (?:all )?(?:tonight|today|for good)${END}`,
      // The pills named earlier in the clause: "I bought pills and I'm going to take them all"
      `${PILLS}${words(8)} (?:take|taking|took|swallow|swallowing|swallowed|down|downing|downed) (?:them all|all of them|them at once|all at once|the lot|the whole (?:bottle|pack|packet|box))`,
      // Said in the other languages of a European workplace: the clearest statements only (the
      // moderation model reads every language; these keep the offline rules from being English-only).
      // French
      '(?:veux|voudrais|vais|aimerais|prefere|prefererais|envie de|pense a|besoin de) (?:mourir(?! de| dennui| damour)|me (?:tuer|suicider|pendre|foutre en lair)|disparaitre pour toujours)',
      `(?:envie|veux|vais|voudrais|besoin|pense a) den finir(?: une bonne fois pour toutes)?${END}`, '(?:en finir|mettre fin) (?:avec|a) (?:la|ma) vie', 'mettre fin a mes jours',
      '(?:ne veux plus|veux plus|plus envie de|marre de|pas envie de|aucune envie de) vivre(?! (?:ici|la|a|au|aux|en|avec|dans|chez|comme|sans|seul|seule|pres|loin))',
      '(?:fatigue|fatiguee|marre) de la vie',
      // German
      '(?:will|mochte|moechte|werde|wurde|wuerde)(?: gerne| lieber| einfach| nur)* (?:nicht mehr leben|sterben(?! vor)|tot sein|mich umbringen|mir das leben nehmen|mich toten)',
      'ich (?:bringe|bring) mich(?: jetzt| heute| bald| noch)? um', '(?:mir|sich) das leben (?:zu )?nehmen', 'selbstmord[a-z]*', 'suizid[a-z]*', 'lebensmude',
      '(?:keinen|kein) (?:sinn|grund) mehr (?:zu leben|weiterzuleben)',
      // Spanish
      '(?:quiero|quisiera|voy a|pienso en|ganas de|deseo) (?:morir(?:me)?(?! de)|matarme|desaparecer para siempre)',
      'me (?:quiero|voy a) (?:morir(?! de)|matar(?! de)|suicidar)', 'no quiero (?:seguir )?vivir(?! (?:aqui|alli|ahi|en|con|cerca|solo|sola|lejos))', '(?:quitarme|acabar con) (?:la|mi) (?:propia )?vida',
      // Italian
      `(?:voglio|vorrei|penso di|ho voglia di) (?:morire(?! (?:dal|di|dalla|dalle))|uccidermi|ammazzarmi|farla finita${END})`, 'non voglio piu vivere', 'togliermi la vita',
      // Portuguese
      '(?:quero|vou|penso em|vontade de) (?:morrer(?! de)|me matar(?! de)|matar me(?! de)|tirar (?:a )?minha (?:propria )?vida)', 'nao quero mais viver',
      // Dutch
      'ik wil (?:dood|niet meer leven|er niet meer zijn)', 'zelfmoord[a-z]*', 'mezelf (?:doden|ombrengen|van kant maken)',
    ],
    signs: [],
  },
  {
    category: 'harassment',
    concern: 'Harassment or mistreatment',
    weight: 0.7,
    crisis: [
      // Naming it
      'har+as+[a-z]*', 'bull(?:y|ied|ies|ying|yed|ys)', 'mobbing', 'abusive', 'abusers?', 'abus(?:e|es|ed|ing) (?:me|us)', 'abuse (?:from|by)', '(?:i|we) (?:am|are|was|were|have been|had been|feel|felt|get|got|keep getting)(?: being)? abused',
      '(?:verbal(?:ly)?|sexual(?:ly)?|emotional(?:ly)?|physical(?:ly)?|racial(?:ly)?) (?:abuse|abused|abusing|abusive|assault|assaulted)',
      'discriminat(?:ed|ion|ing|ory|es)', 'racis[mt]', 'sexis[mt]', 'homophob[a-z]*', 'transphob[a-z]*', 'misogyn[a-z]*', 'slurs?',
      'rap(?:e|ed|ing|ist)', 'molest[a-z]*', 'grop(?:e|ed|es|ing)', 'fondl(?:e|ed|es|ing)',
      'assault(?:ed|ing|s)? (?:me|my)', 'sexual assault', '(?:was|been|got|being) (?:physically |sexually )?assaulted',
      'hostile (?:work )?environment', 'blackmail[a-z]*', 'retaliat(?:e|ed|es|ing|ion)', 'gaslight(?:s|ed|ing) me', 'kill yourself',
      // Named in French, Spanish, German, Italian, Dutch
      'harcel[a-z]*', 'agression sexuelle', 'agressee? sexuellement', 'acoso (?:laboral|sexual)', 'me acosa(?:n)?', 'acosad[oa]', 'belastig[a-z]*',
      'violenza sessuale', 'ongewenste intimiteiten', 'intimidatie',
      // Touching, grabbing, being hit
      `${PERSON}${words(4)} (?:touch|touches|touched|touching|grab|grabs|grabbed|grabbing|hit|hits|hitting|punch|punched|punches|punching|slap|slapped|slaps|slapping|kick|kicked|kicks|kicking|shove|shoved|shoves|shoving|choke|choked|chokes|choking|strangled|spat on|spit on|kiss|kissed|kisses|kissing|rubbed|rubs|rubbing|pinched|pinches|pinching|spanked|smacked|smacks|beat|beats|beating|cornered|corners|cornering|trapped|stalks|stalked|stalking|follows|followed|licked|sniffed) (?:me|my)(?! (?:up|out|to|about|back|in on|on (?:linkedin|twitter|instagram|social media|x|github|slack)|(?:a|an|some) (?:coffee|tea|drink|sandwich|seat|chair|copy|message|email|note|link|beer|snack|lunch)|lunch|coffee|something|deeply|emotionally|so much|with (?:her|his|their) (?:kind |lovely |thoughtful )?(?:words|kindness|speech|message|note|gesture|story|generosity)))`,
      `(?:touch|touches|touched|touching|grabbed|grabbing|grabs) my ${BODY}`,
      `(?:was|got|been|being|get) (?:hit|slapped|punched|kicked|beaten|beat up|attacked|strangled|choked|shoved|spat on|groped|grabbed|touched|cornered|pushed)${words(2)} by (?:him|her|them|someone|somebody|my [a-z]+|a (?:colleague|coworker|co worker|customer|client|manager|boss|supervisor|man|guy|woman|teammate|senior|contractor)|the (?:manager|boss|supervisor|customer|client|man|guy|woman))`,
      'beat me up', 'beats me up', '(?:grabbed|grabs|grabbing) me(?! (?:a|an|some|lunch|coffee|tea|something|one|dinner|breakfast))',
      '(?:made|makes|making) (?:a pass|passes|sexual advances|advances) (?:at|on|towards) me', '(?:pushed|shoved|pinned|slammed|threw) me (?:against|into|onto|to the (?:wall|floor|ground))',
      // Sexual comments and advances
      '(?:sexual|sexually|inappropriate|unwanted|dirty|lewd|crude|explicit|suggestive|creepy|pervy|unwelcome) (?:comments?|remarks?|jokes?|advances?|touch[a-z]*|messages?|texts?|photos?|pictures?|pics|emails?|behaviou?r|contact|attention|gestures?|questions?|innuendos?|propositions?|favou?rs?|kiss[a-z]*|hugs?|hugging|looks?|staring|explicit|suggestive)',
      `(?:touch|touched|touches|touching|grabbed|kissed|hugged|hugs|kisses|treats|treated|behaved|behaves|acted|acts|talks|talked|speaks|spoke|stares|stared|looks|looked|texts|texted|messages|messaged|commented|comments)${words(3)} inappropriately`,
      `(?:comments?|commenting|commented|remarks?|remarking|jokes?|joking) (?:about|on) my (?:body|breasts?|chest|boobs|figure|looks|appearance|butt|ass|arse|legs|weight|skin|race|religion|accent|sexuality|gender|${BODY})`,
      '(?:sent|sends|sending|showed|shows|showing) me (?:nudes|naked|explicit|porn[a-z]*|dick pics?|sexual|sexy|inappropriate)', 'dick pics?', 'nudes',
      '(?:asked|asks|wants|wanted|pressured|pressuring|pressures|told|expects|expected) me (?:to|for) (?:sleep with|have sex|sex)',
      'sleep with (?:him|her|them|the boss|my boss|my manager) (?:to|for|or|if)', 'quid pro quo', 'sexual favou?rs?',
      '(?:hits|hitting|hit) on me', 'catcall[a-z]*', 'wolf whistl[a-z]*', '(?:forced|forces|forcing) (?:himself|herself|themselves) on me', 'tried to kiss me',
      // Bullying, humiliation
      '(?:humiliat(?:es|ed|ing)|mocks|mocked|mocking|ridicules|ridiculed|ridiculing|belittles|belittled|belittling) me', 'publicly humiliat[a-z]*',
      '(?:call|calls|called|calling) me (?:names|stupid|an idiot|idiot|worthless|useless|fat|ugly|a slut|a bitch|retarded|dumb|incompetent|lazy|a [a-z]+ slur)',
      '(?:spread|spreading|spreads) (?:rumou?rs|lies) about me',
      // Threats, stalking, feeling unsafe
      'threaten[a-z]*', 'death threats?', 'threats? (?:to|of) (?:hurt|kill|beat|harm|violence|rape|shoot)',
      '(?:said|says|told me|warned me|warned|texted|wrote|promised|swore|threatened) (?:that )?(?:he|she|they|he is|she is|they are)? ?(?:would|will|is going to|was going to|were going to|going to|want to|wants to|wanted to) (?:hurt|kill|beat|hit|punch|shoot|stab|rape|harm|strangle|slap|attack) (?:me|my|us)',
      'stalk(?:s|ed|ing)? (?:me|my)', 'stalkers?', '(?:being|been|was) stalked',
      '(?:follows|followed|following) me (?:home|to my car|to the car|to the car park|to the parking|after work|everywhere|around)',
      '(?:waiting|waits|waited) for me (?:outside|after work|at my car|at my house|at my home)', '(?:show|shows|showed|showing|turn|turns|turned|turning) up at my (?:house|home|flat|apartment|door)',
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
    signs: [],
  },
  {
    category: 'burnout',
    concern: 'Burnout',
    weight: 0.55,
    // Said outright; being tired or overwhelmed is a conversation, not an emergency.
    crisis: [
      'burn(?:ed|t|ing)? out', 'burnout', 'breaking point', 'end of my (?:rope|tether)', 'at my limit',
      '(?:mental|nervous|emotional) breakdown', '(?:having|had|have|close to|near|verge of|heading for|about to have) a breakdown',
      'can not (?:take|handle|cope|do|deal with|stand|bear)(?: it| this| with it| with this| this job| the pressure| the stress| the workload| work)? (?:anymore|any longer)',
    ],
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
