-- eSocial S-2190 (preliminary registration) sent for a hire: the S-2200 deadline moves to the 15th
-- of the month after the start. A date, set by the import's prelim_sent column or /admissions prelim.
ALTER TABLE "employees" ADD COLUMN "prelim_sent_on" DATE;
