// The tutorial's front end in miniature: AngularJS 1.8 + Satellizer 0.15.5, unchanged usage.
angular
  .module('legacy', ['satellizer'])
  .config(function ($authProvider) {
    $authProvider.loginUrl = '/api/login';
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
