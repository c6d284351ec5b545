-- Version 11 is reserved for the chunk corrections of issue 18 (another branch). This placeholder only keeps the
-- migrations numbered without gaps on the branch that brings 0012; the branch that brings the real 0011 replaces it.
SELECT 1;
