// The tutorial's front end in miniature: AngularJS 1.8 + Satellizer 0.15.5, unchanged usage.
angular
  .module('legacy', ['satellizer'])
  .config(function ($authProvider) {
    $authProvider.loginUrl = '/api/login';
    // Sign-in with Tessera's OpenID provider "local" (issue #15): Satellizer's popup goes through
    // Tessera's start route (which adds PKCE and a nonce and binds the flow to a cookie), and
    // posts the code to /auth/local. Its state must be 22+ URL-safe characters: Tessera forwards
    // it to the provider, and Satellizer checks that the same one comes back.
    $authProvider.oauth2({
      name: 'local',
      url: '/auth/local',
      clientId: 'tessera-test',
      authorizationEndpoint: '/api/auth/oidc/local/start',
      redirectUri: window.location.origin + '/legacy/',
      scope: ['openid', 'email', 'profile'],
      scopeDelimiter: ' ',
      requiredUrlParams: ['scope', 'state'],
      state: function () {
        var bytes = new Uint8Array(24);
        window.crypto.getRandomValues(bytes);
        return Array.prototype.map
          .call(bytes, function (byte) {
            return ('0' + byte.toString(16)).slice(-2);
          })
          .join('');
      },
    });
  })
  .controller('Main', function ($auth, $http) {
    var vm = this;
    vm.status = 'idle';
    vm.users = [];
    vm.isAuthenticated = function () {
      return $auth.isAuthenticated();
    };
    vm.login = function () {
      $auth.login({ email: vm.email, password: vm.password }).then(
        function () {
          vm.status = 'logged in';
        },
        function (response) {
          vm.status = 'login failed: ' + response.data.message;
        },
      );
    };
    vm.authenticate = function (provider) {
      $auth.authenticate(provider).then(
        function () {
          vm.status = 'signed in with ' + provider;
        },
        function (response) {
          vm.status =
            'sign-in failed: ' + (response.data ? response.data.message : response.message);
        },
      );
    };
    vm.load = function () {
      $http.get('/api/users').then(
        function (response) {
          vm.users = response.data.users;
          vm.status = 'loaded ' + vm.users.length;
        },
        function (response) {
          vm.users = [];
          vm.status = 'error ' + response.status + ': ' + response.data.message;
        },
      );
    };
    vm.logout = function () {
      $auth.logout().then(function () {
        vm.status = 'logged out';
      });
    };
  });
