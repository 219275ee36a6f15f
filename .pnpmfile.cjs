// pnpm hooks (https://pnpm.io/pnpmfile).
module.exports = {
  hooks: {
    /**
     * What `pnpm pack` / `pnpm publish` ship of a package meant for others (@keyway/client): its
     * devDependencies name workspace packages (@keyway/api, @keyway/schema) that exist only here,
     * and its scripts run only here.
     */
    beforePacking(pkg) {
      delete pkg.devDependencies;
      delete pkg.scripts;
      return pkg;
    },
  },
};
