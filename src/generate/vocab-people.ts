/** Names, places and browsers for the app's users. */

export const FIRST_NAMES_F = [
  'Kaylee', 'Lily', 'Jacqueline', 'Chloe', 'Tegan', 'Aleena', 'Ava', 'Sophia', 'Emma', 'Olivia', 'Isabella', 'Mia',
  'Harper', 'Evelyn', 'Abigail', 'Ella', 'Madison', 'Scarlett', 'Victoria', 'Aria', 'Grace', 'Layla', 'Zoey', 'Nora',
  'Hannah', 'Addison', 'Aubrey', 'Stella', 'Natalie', 'Leah', 'Hazel', 'Violet', 'Aurora', 'Savannah', 'Brooklyn',
  'Bella', 'Claire', 'Skylar', 'Lucy', 'Paisley', 'Anna', 'Caroline', 'Genesis', 'Kennedy', 'Samantha', 'Maya',
  'Renée', 'Chloé',
];

export const FIRST_NAMES_M = [
  'Walter', 'Ryan', 'Jacob', 'Mohammad', 'Liam', 'Noah', 'William', 'James', 'Logan', 'Benjamin', 'Mason',
  'Elijah', 'Oliver', 'Lucas', 'Michael', 'Alexander', 'Ethan', 'Daniel', 'Matthew', 'Aiden', 'Henry', 'Joseph',
  'Jackson', 'Samuel', 'Sebastian', 'David', 'Carter', 'Wyatt', 'Jayden', 'John', 'Owen', 'Dylan', 'Luke', 'Gabriel',
  'Anthony', 'Isaac', 'Grayson', 'Jack', 'Julian', 'Levi', 'Christopher', 'Joshua', 'Andrew', 'Lincoln', 'Mateo',
  'José', 'Björn', 'Andrés',
];

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee',
  'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young',
  'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker',
  'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Frye', 'Summers', 'Cuevas', 'Kirby', 'Hollis',
  'Ortiz', 'Morales', 'Murphy', "O'Brien", 'Reyes', 'Cruz', 'Kim', 'Patel', 'Schmidt', 'Müller', 'Núñez',
];

/** US metropolitan areas, written the way the app's logs write them ("City-City, ST"). */
export const METROS = [
  'New York-Newark-Jersey City, NY-NJ-PA', 'Los Angeles-Long Beach-Anaheim, CA', 'Chicago-Naperville-Elgin, IL-IN-WI',
  'Dallas-Fort Worth-Arlington, TX', 'Houston-The Woodlands-Sugar Land, TX', 'Washington-Arlington-Alexandria, DC-VA-MD-WV',
  'Miami-Fort Lauderdale-West Palm Beach, FL', 'Philadelphia-Camden-Wilmington, PA-NJ-DE-MD',
  'Atlanta-Sandy Springs-Roswell, GA', 'Boston-Cambridge-Newton, MA-NH', 'Phoenix-Mesa-Scottsdale, AZ',
  'San Francisco-Oakland-Hayward, CA', 'Riverside-San Bernardino-Ontario, CA', 'Detroit-Warren-Dearborn, MI',
  'Seattle-Tacoma-Bellevue, WA', 'Minneapolis-St. Paul-Bloomington, MN-WI', 'San Diego-Carlsbad, CA',
  'Tampa-St. Petersburg-Clearwater, FL', 'Denver-Aurora-Lakewood, CO', 'St. Louis, MO-IL', 'Baltimore-Columbia-Towson, MD',
  'Charlotte-Concord-Gastonia, NC-SC', 'Orlando-Kissimmee-Sanford, FL', 'San Antonio-New Braunfels, TX',
  'Portland-Vancouver-Hillsboro, OR-WA', 'Pittsburgh, PA', 'Sacramento--Roseville--Arden-Arcade, CA',
  'Las Vegas-Henderson-Paradise, NV', 'Cincinnati, OH-KY-IN', 'Kansas City, MO-KS', 'Columbus, OH',
  'Indianapolis-Carmel-Anderson, IN', 'Cleveland-Elyria, OH', 'San Jose-Sunnyvale-Santa Clara, CA',
  'Nashville-Davidson--Murfreesboro--Franklin, TN', 'Austin-Round Rock, TX', 'Salt Lake City, UT', 'Raleigh, NC',
  'Lansing-East Lansing, MI', 'Portland-South Portland, ME', 'Winston-Salem, NC', 'Birmingham-Hoover, AL',
  'Red Bluff, CA', 'Janesville-Beloit, WI', 'Waterloo-Cedar Falls, IA', 'Lake Havasu City-Kingman, AZ', 'Tucson, AZ',
  'Santa Maria-Santa Barbara, CA', 'Eugene, OR', 'Myrtle Beach-Conway-North Myrtle Beach, SC-NC', 'Tallahassee, FL',
];

/**
 * Browser strings of the era, weighted by how common they are. The app's logs wrap those that contain a comma
 * in literal double quotes (a CSV-quoting artifact upstream); the generator reproduces that.
 */
export const USER_AGENTS: readonly (readonly [string, number])[] = [
  ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.143 Safari/537.36', 16],
  ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Ubuntu Chromium/36.0.1985.125 Chrome/36.0.1985.125 Safari/537.36', 14],
  ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.78.2 (KHTML, like Gecko) Version/7.0.6 Safari/537.78.2', 10],
  ['Mozilla/5.0 (Windows NT 5.1; rv:31.0) Gecko/20100101 Firefox/31.0', 9],
  ['Mozilla/5.0 (Windows NT 6.3; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.143 Safari/537.36', 8],
  ['Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.125 Safari/537.36', 7],
  ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10.9; rv:31.0) Gecko/20100101 Firefox/31.0', 6],
  ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.77.4 (KHTML, like Gecko) Version/7.0.5 Safari/537.77.4', 5],
  ['Mozilla/5.0 (Windows NT 6.1; WOW64; rv:31.0) Gecko/20100101 Firefox/31.0', 4],
  ['Mozilla/5.0 (Windows NT 5.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.143 Safari/537.36', 4],
  ['Mozilla/5.0 (iPhone; CPU iPhone OS 7_1_2 like Mac OS X) AppleWebKit/537.51.2 (KHTML, like Gecko) Version/7.0 Mobile/11D257 Safari/9537.53', 3],
  ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/37.0.2062.94 Safari/537.36', 3],
  ['Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko', 1],
  ['Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.2; WOW64; Trident/6.0)', 1],
  ['Mozilla/5.0 (iPad; CPU OS 7_1_2 like Mac OS X) AppleWebKit/537.51.2 (KHTML, like Gecko) Version/7.0 Mobile/11D257 Safari/9537.53', 1],
];
