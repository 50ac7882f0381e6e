# Sourced by the side-by-side benchmark scripts: installs Apache ZooKeeper from Debian's package (the same one
# the conformance tests use) if it is missing, and builds our server and the load generator in Release.
if ! dpkg-query -W -f='${Status}' zookeeper 2>/dev/null | grep -q "install ok installed"; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq zookeeper >/dev/null
fi

dotnet build src/ConfigCenter.Server -c Release -v quiet -nologo
dotnet build src/ConfigCenter.LoadGenerator -c Release -v quiet -nologo
