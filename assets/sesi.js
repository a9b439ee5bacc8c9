// A callback answered 401: the session ended (logout in another tab, expiry, a new password).
// Go to the login page, coming back to this page afterwards, instead of a page that silently
// stops updating.
(function () {
    const original = window.fetch;
    window.fetch = function (...args) {
        return original.apply(this, args).then(function (response) {
            if (response.status === 401) {
                const here = window.location.pathname + window.location.search;
                window.location.assign("/masuk?next=" + encodeURIComponent(here));
            }
            return response;
        });
    };
})();
