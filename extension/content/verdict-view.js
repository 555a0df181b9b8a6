// Turns a verdict (or a failure) into what the overlay shows, in Dutch.
'use strict';

(() => {
  const PW = globalThis.Poortwachter;

  const STATUS = {
    consented: 'toestemming', no_consent: 'geen toestemming', expired: 'toestemming verlopen',
    withdrawn: 'toestemming ingetrokken', needs_own_consent: '16 of ouder: moet zelf toestemming geven',
    unknown: 'onbekend gezicht', not_recognisable: 'niet herkenbaar',
  };

  const clock = (s) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

  function where(finding) {
    if (Number.isInteger(finding.video)) {
      const ranges = (finding.ranges || []).map(([a, b]) => `${clock(a)}–${clock(b)}`).join(', ');
      return `Video ${finding.video + 1}${ranges ? ` (${ranges})` : ''}: `;
    }
    return finding.kind === 'face' && Number.isInteger(finding.image) ? `Foto ${finding.image + 1}: ` : '';
  }

  function describe(finding) {
    // The service's message usually names the person already; don't say it twice.
    const named = finding.person && finding.person.name && !(finding.message || '').includes(finding.person.name);
    const who = named ? `${finding.person.name} ` : '';
    const status = finding.status && !finding.message ? `(${STATUS[finding.status] || finding.status}) ` : '';
    const quoted = finding.kind === 'text' && finding.text ? `"${finding.text}": ` : '';
    const message = finding.message || 'mag zo niet gepubliceerd worden.';
    return `${where(finding)}${quoted}${who}${status}— ${message}`.replace(/\s+—/, ' —');
  }

  /** Faces the safe copy would change: anything not cleared for publication. */
  function blurrable(verdict) {
    return verdict.findings.some((f) => f.kind === 'face' && f.severity !== 'allow' && (Number.isInteger(f.image) || Number.isInteger(f.video)));
  }

  /**
   * Overlay view for a block or warn verdict on `files` (in the order sent). At the door
   * (`atDoor`) it is about photos the page does not have yet; at the publish click about
   * the whole post.
   */
  async function verdictView(verdict, files, { blurredAlready = false, atDoor = false } = {}) {
    const listed = verdict.findings.filter((f) => f.severity !== 'allow');
    const numbers = new Map(listed.map((f, i) => [f, i + 1]));
    verdict.findings.filter((f) => !numbers.has(f)).forEach((f) => numbers.set(f, '✓'));
    const images = [];
    for (const [index, file] of files.entries()) {
      const faces = verdict.findings.filter((f) => f.kind === 'face' && f.image === index);
      if (!faces.length && verdict.images.length > 1) continue;
      try {
        const info = verdict.images.find((i) => i.index === index);
        const canvas = await PW.drawThumbnail(file, info, faces, numbers);
        canvas.setAttribute('data-pw', `image-${index}`);
        images.push(canvas);
      } catch (error) { /* a photo the browser cannot draw still has its findings listed */ }
    }
    const block = verdict.decision === 'block';
    const intro = atDoor
      ? (block
        ? 'Poortwachter heeft deze foto tegengehouden: hij staat nog niet in je bericht. Gebruik de vervaagde versie of annuleer.'
        : 'Poortwachter twijfelt over deze foto. Je mag hem toevoegen, maar dan leg je vast waarom.')
      : (block
        ? 'Poortwachter heeft het plaatsen tegengehouden. Pas het bericht aan.'
        : 'Poortwachter twijfelt. Je mag het bericht toch plaatsen, maar dan leg je vast waarom.');
    return {
      state: verdict.decision,
      title: block ? 'Niet plaatsen: dit bericht mag zo niet online' : 'Let op: controleer dit bericht voor je het plaatst',
      intro,
      items: listed.map(describe),
      images,
      canBlur: atDoor && !blurredAlready && blurrable(verdict),
      cancelLabel: atDoor ? 'Annuleren' : null,
      continueLabel: block ? null : (atDoor ? 'Toch toevoegen' : 'Toch plaatsen'),
      needsReason: !block,
    };
  }

  /** A verdict must judge every photo and video that was sent; a difference is an error, never an allow. */
  function assertAllJudged(verdict, photos, videos = 0) {
    const judged = Array.isArray(verdict.images) ? verdict.images.length : -1;
    const judgedVideos = Array.isArray(verdict.videos) ? verdict.videos.length : (videos ? -1 : 0);
    if (judged !== photos) throw new Error(`de dienst beoordeelde ${Math.max(judged, 0)} van de ${photos} foto's`);
    if (judgedVideos !== videos) throw new Error(`de dienst beoordeelde ${Math.max(judgedVideos, 0)} van de ${videos} video's`);
  }

  const FAILURE_TITLES = {
    unreachable: 'Poortwachter-dienst niet bereikbaar',
    unpaired: 'Poortwachter is niet gekoppeld',
    service: 'De controle is mislukt',
    internal: 'De controle is mislukt',
  };

  /** Overlay view when no verdict came: the school's setting decides whether the user may go on. */
  function failureView(error, whenUnreachable, { atDoor = false } = {}) {
    const mayContinue = whenUnreachable !== 'block';
    const what = atDoor ? 'De foto is niet gecontroleerd en nog niet toegevoegd.' : 'Het bericht is niet gecontroleerd en nog niet geplaatst.';
    return {
      state: 'unreachable',
      title: FAILURE_TITLES[error.kind] || FAILURE_TITLES.internal,
      cancelLabel: atDoor ? 'Annuleren' : null,
      intro: `${error.message} ${what}`
        + (mayContinue ? '' : ' Je school heeft ingesteld dat er zonder controle niets geplaatst wordt.'),
      continueLabel: mayContinue ? (atDoor ? 'Toevoegen zonder controle' : 'Plaatsen zonder controle') : null,
      confirmLabel: mayContinue ? `Ik weet dat ${atDoor ? 'deze foto' : 'dit bericht'} niet gecontroleerd is en ga op eigen verantwoordelijkheid verder.` : null,
      needsReason: mayContinue,
    };
  }

  /** Overlay view when an adapter failed: fail closed, nothing goes out unchecked. */
  function brokenView(adapterName) {
    return {
      state: 'broken',
      title: 'Poortwachter kan dit bericht niet lezen',
      intro: `Plaatsen is tegengehouden, omdat Poortwachter het opstelvenster van ${adapterName} niet kon lezen `
        + '(de site is misschien veranderd). Meld dit bij de beheerder van Poortwachter.',
    };
  }

  /** Photos are in the composer that did not come through the door: held and reported. */
  function uncheckedImagesView(count) {
    return {
      state: 'broken',
      title: 'Poortwachter heeft niet alle foto\'s gezien',
      intro: `Dit bericht bevat ${count === 1 ? 'een foto' : `${count} foto's`} die niet langs Poortwachter in het opstelvenster kwam`
        + ' (een manier van toevoegen die Poortwachter niet kent). Plaatsen is tegengehouden. Verwijder de foto en voeg hem'
        + ' opnieuw toe via de knop, slepen of plakken, en meld dit bij de beheerder van Poortwachter.',
    };
  }

  /** A video the service cannot judge: fail closed. */
  function videoView(message) {
    return {
      state: 'broken',
      title: 'Poortwachter kan deze video niet beoordelen',
      intro: `${message} De video is niet toegevoegd: wat Poortwachter niet kan beoordelen, gaat niet online.`,
      cancelLabel: 'Sluiten',
    };
  }

  PW.views = { verdictView, failureView, brokenView, uncheckedImagesView, videoView, assertAllJudged, describe };
})();
