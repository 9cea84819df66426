BEGIN
  DECLARE n INT DEFAULT 0; -- counter; starts at 0
  SET n = (SELECT count(*) FROM `hive_metastore`.`jaffle_shop`.`orders`);
  /* a /* nested */ comment; */
  SELECT n;
END;
