// Chromium runs the background as a service worker; Firefox loads the same files
// through background.scripts. Both get exactly the same code, in the same order.
importScripts('api.js', 'history.js', 'generic-sites.js', 'videos.js', 'main.js');
