// Turns a verdict (or a failure) into what the overlay shows, in Dutch.
'use strict';

(() => {
  const PW = globalThis.Poortwachter;

  const STATUS = {
    consented: 'toestemming', no_consent: 'geen toestemming', expired: 'toestemming verlopen',
    withdrawn: 'toestemming ingetrokken', needs_own_consent: '16 of ouder: moet zelf toestemming geven',
    unknown: 'onbekend gezicht', not_recognisable: 'niet herkenbaar',
  };

  function describe(finding) {
    const where = finding.kind === 'face' && Number.isInteger(finding.image) ? `Foto ${finding.image + 1}: ` : '';
    // The service's message usually names the person already; don't say it twice.
    const named = finding.person && finding.person.name && !(finding.message || '').includes(finding.person.name);
    const who = named ? `${finding.person.name} ` : '';
    const status = finding.status && !finding.message ? `(${STATUS[finding.status] || finding.status}) ` : '';
    const quoted = finding.kind === 'text' && finding.text ? `"${finding.text}": ` : '';
    const message = finding.message || 'mag zo niet gepubliceerd worden.';
    return `${where}${quoted}${who}${status}— ${message}`.replace(/\s+—/, ' —');
  }

  /** Faces the safe copy would change: anything not cleared for publication. */
  function blurrable(verdict) {
    return verdict.findings.some((f) => f.kind === 'face' && f.severity !== 'allow' && Number.isInteger(f.image));
  }

  /** Overlay view for a block or warn verdict; `staged` holds the files in the order sent. */
  async function verdictView(verdict, staged, { blurredAlready = false } = {}) {
    const listed = verdict.findings.filter((f) => f.severity !== 'allow');
    const numbers = new Map(listed.map((f, i) => [f, i + 1]));
    verdict.findings.filter((f) => !numbers.has(f)).forEach((f) => numbers.set(f, '✓'));
    const images = [];
    for (const [index, item] of staged.entries()) {
      const faces = verdict.findings.filter((f) => f.kind === 'face' && f.image === index);
      if (!faces.length && verdict.images.length > 1) continue;
      try {
        const info = verdict.images.find((i) => i.index === index);
        const canvas = await PW.drawThumbnail(item.file, info, faces, numbers);
        canvas.setAttribute('data-pw', `image-${index}`);
        images.push(canvas);
      } catch (error) { /* a photo the browser cannot draw still has its findings listed */ }
    }
    const block = verdict.decision === 'block';
    return {
      state: verdict.decision,
      title: block ? 'Niet plaatsen: dit bericht mag zo niet online' : 'Let op: controleer dit bericht voor je het plaatst',
      intro: block
        ? 'Poortwachter heeft het plaatsen tegengehouden. Pas het bericht aan of gebruik de vervaagde versie van de foto.'
        : 'Poortwachter twijfelt. Je mag het bericht toch plaatsen, maar dan leg je vast waarom.',
      items: listed.map(describe),
      images,
      canBlur: !blurredAlready && blurrable(verdict),
      continueLabel: block ? null : 'Toch plaatsen',
      needsReason: !block,
    };
  }

  const FAILURE_TITLES = {
    unreachable: 'Poortwachter-dienst niet bereikbaar',
    unpaired: 'Poortwachter is niet gekoppeld',
    service: 'De controle is mislukt',
    internal: 'De controle is mislukt',
  };

  /** Overlay view when no verdict came: the school's setting decides whether the user may go on. */
  function failureView(error, whenUnreachable) {
    const mayContinue = whenUnreachable !== 'block';
    return {
      state: 'unreachable',
      title: FAILURE_TITLES[error.kind] || FAILURE_TITLES.internal,
      intro: `${error.message} Het bericht is niet gecontroleerd en nog niet geplaatst.`
        + (mayContinue ? '' : ' Je school heeft ingesteld dat er zonder controle niets geplaatst wordt.'),
      continueLabel: mayContinue ? 'Plaatsen zonder controle' : null,
      confirmLabel: mayContinue ? 'Ik weet dat dit bericht niet gecontroleerd is en plaats het op eigen verantwoordelijkheid.' : null,
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

  PW.views = { verdictView, failureView, brokenView, describe };
})();
