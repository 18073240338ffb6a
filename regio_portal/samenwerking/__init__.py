"""Samenwerking in de regio (issue 14): what a region does together beyond administering
partnerships. This first part: regional meetings (bijeenkomsten) open to every school in
the region, partner or not, with public registration (double opt-in), waiting list,
cancellation, .ics, reminders, attendance and a retention job for the registrants'
personal data. It sits in the project package because it reads several apps
(partnerschappen for regions and vestigingen) and no app needs it."""
