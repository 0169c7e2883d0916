# Install rules and CPack packaging (deployment issue): see docs/.
