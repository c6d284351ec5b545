-- Version 11 is reserved for the chunk corrections of issue 18 (another branch). This placeholder only keeps the
-- steps numbered without gaps on the branch that brings 0012; the branch that brings the real 0011 replaces it.
PRAGMA user_version = 11;
